// Every difference between the Node/V8 lines we build for (20/V8 11.3, 22/V8 12.4,
// 24/V8 13.6) lives here, so the core stays free of version #ifs.
#pragma once

#include <node_version.h>
#include <v8.h>

#include <cstdint>

namespace causalprof {
namespace compat {

constexpr int kNodeMajor = NODE_MAJOR_VERSION;

// SampleInfo::vm_state became uint16_t-backed in V8 12; compare through int.
inline int VmState(const v8::SampleInfo& info) { return static_cast<int>(info.vm_state); }

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

// Smis are 31-bit values shifted by 32 on x64 without pointer compression (Node's
// official builds on all three lines).
constexpr int kSmiShift = 32;

}  // namespace compat
}  // namespace causalprof
