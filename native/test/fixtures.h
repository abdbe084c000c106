// What the native tests share: synthetic JIT code events, a code map laid out as V8's is,
// and raw samples to resolve against it.
#pragma once

#include <v8.h>

#include <cstring>
#include <mutex>
#include <string>

#include "../code_map.h"
#include "../raw_sample.h"
#include "../v8_compat.h"

namespace causalprof {
namespace testing {

// Owns the name of one JIT code event.
struct Event {
  v8::JitCodeEvent e{};
  std::string name;

  Event(v8::JitCodeEvent::EventType type, v8::JitCodeEvent::CodeType code_type, uintptr_t start, size_t len,
        std::string n = "")
      : name(std::move(n)) {
    e.type = type;
    e.code_type = code_type;
    e.code_start = reinterpret_cast<void*>(start);
    e.code_len = len;
    e.name.str = name.c_str();
    e.name.len = name.size();
  }
};

inline void AddCode(CodeMap& map, v8::JitCodeEvent::CodeType type, uintptr_t start, size_t len,
                    const char* name) {
  Event ev(v8::JitCodeEvent::CODE_ADDED, type, start, len, name);
  map.OnCodeEvent(&ev.e);
}

constexpr auto kJit = v8::JitCodeEvent::JIT_CODE;
constexpr auto kByteCode = v8::JitCodeEvent::BYTE_CODE;

// A V8-like layout: builtins in one range, bytecode arrays (tagged pointer = start of the
// first bytecode - header) in the heap.
constexpr uintptr_t kHandler = 0x100000;                              // BytecodeHandler:Add
constexpr uintptr_t kTrampoline = 0x101000;                           // InterpreterEntryTrampoline
constexpr uintptr_t kMathSqrt = 0x102000;                             // an ordinary builtin
constexpr uintptr_t kJsEntry = 0x103000;                              // JSEntryTrampoline
constexpr uintptr_t kF = 0x7f0000100040;                              // bytecode of f (first bytecode)
constexpr uintptr_t kG = 0x7f0000200040;                              // bytecode of g
constexpr uintptr_t kHeader = compat::kFirstBytecodeFromTaggedArray;  // first bytecode - tagged array
constexpr uintptr_t kTaggedF = kF - kHeader;                          // what r12 / [fp-32] hold while f runs
constexpr uintptr_t kTaggedG = kG - kHeader;

struct Fixture {
  CodeMap map;
  uint32_t f_id = 0, g_id = 0;

  Fixture() {
    AddCode(map, kJit, kHandler, 0x200, "BytecodeHandler:Add");
    AddCode(map, kJit, kTrampoline, 0x300, "Builtin:InterpreterEntryTrampoline");
    AddCode(map, kJit, kMathSqrt, 0x100, "Builtin:MathSqrt");
    AddCode(map, kJit, kJsEntry, 0x100, "Builtin:JSEntryTrampoline");
    AddCode(map, kByteCode, kF, 0x80, "JS:~f /t.js:1:1");
    AddCode(map, kByteCode, kG, 0x40, "JS:~g /t.js:9:1");
    std::lock_guard<std::mutex> lock(map.mutex);
    f_id = map.Lookup(kF)->function_id;
    g_id = map.Lookup(kG)->function_id;
  }
};

inline RawSample JsSample() {
  RawSample s;
  memset(&s, 0, sizeof s);
  s.vm_state = compat::kJs;
  s.weight = 1;
  return s;
}

inline uintptr_t Smi(intptr_t value) { return static_cast<uintptr_t>(value) << compat::kSmiShift; }

}  // namespace testing
}  // namespace causalprof

using namespace causalprof::testing;  // NOLINT: the tests' own vocabulary
