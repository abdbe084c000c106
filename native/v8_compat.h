// Every difference between the Node/V8 lines we build for (20/V8 11.3, 22/V8 12.4,
// 24/V8 13.6) lives here, so the core stays free of version #ifs.
#pragma once

#include <node_version.h>
#include <v8-version.h>
#include <v8.h>

#include <cstdint>

namespace causalprof {
namespace compat {

// The V8 lines whose frame layout, state tags and code-name format were checked (Node 20,
// 22, 24). A newer V8 may move any of them: fail the build, not the samples, until
// scripts/smoke-lines.js and the suite have run on it and this bound is raised.
static_assert(V8_MAJOR_VERSION >= 11 && V8_MAJOR_VERSION <= 13,
              "V8 outside 11.x-13.x: check the frame slots and offsets below (docs/node-sampling-facts.md)");

// SampleInfo::vm_state became uint16_t-backed in V8 12: compared through int.
// V8's StateTag values we label (stable across the three lines; 24 adds LOGGING = 9).
enum VmStateValue : int {
  kJs = 0,
  kGc = 1,
  kParser = 2,
  kBytecodeCompiler = 3,
  kCompiler = 4,
  kOther = 5,
  kExternal = 6,
  kAtomicsWait = 7,
  kIdle = 8,
};
// Checked against the headers of each build.
static_assert(kJs == static_cast<int>(v8::JS) && kGc == static_cast<int>(v8::GC) &&
                  kParser == static_cast<int>(v8::PARSER) &&
                  kBytecodeCompiler == static_cast<int>(v8::BYTECODE_COMPILER) &&
                  kCompiler == static_cast<int>(v8::COMPILER) && kOther == static_cast<int>(v8::OTHER) &&
                  kExternal == static_cast<int>(v8::EXTERNAL) &&
                  kAtomicsWait == static_cast<int>(v8::ATOMICS_WAIT) && kIdle == static_cast<int>(v8::IDLE),
              "v8::StateTag changed: update VmStateValue");

// Smis are 31-bit values shifted by 32 on x64 without pointer compression (Node's
// official builds on all three lines).
constexpr int kSmiShift = 32;
static_assert(v8::internal::kSmiTagSize + v8::internal::kSmiShiftSize == kSmiShift,
              "these headers use 31-bit Smis (pointer compression): SmiValue assumes full-word Smis");

// The value of a tagged word, if it is a Smi (tag bit clear).
inline bool SmiValue(uintptr_t word, intptr_t* value) {
  if ((word & 1) != 0) return false;
  *value = static_cast<intptr_t>(word) >> kSmiShift;
  return true;
}

// V8's interpreted-frame slots, fixed on x64 for V8 11.3-13.6 (node-sampling-facts.md):
// the bytecode array at fp-32 and the bytecode offset (a Smi) at fp-40. Read by the signal
// handler from the live stack and by the perf ring's walk from its copy.
constexpr intptr_t kBytecodeArrayFromFp = -32;
constexpr intptr_t kBytecodeOffsetFromFp = -40;

// From a tagged BytecodeArray pointer (r12 in a bytecode handler, or the interpreted
// frame's bytecode-array slot) to its first bytecode, where V8's BYTE_CODE code events
// start: the array's header size minus the heap-object tag. Measured from live samples
// (r12 against the event's start): 0x35 on V8 11.3, 0x3f on 12.4 and 13.6.
#if V8_MAJOR_VERSION >= 12
constexpr uintptr_t kFirstBytecodeFromTaggedArray = 0x3f;
#else
constexpr uintptr_t kFirstBytecodeFromTaggedArray = 0x35;
#endif

}  // namespace compat
}  // namespace causalprof
