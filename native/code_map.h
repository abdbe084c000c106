// The code map of one isolate: which function and line an address belongs to.
// Fed by V8's JIT code events on the isolate's thread; read by the drain thread under
// `mutex`. Line tables exist only for code compiled after the handler was installed.
#pragma once

#include <v8.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace causalprof {

enum class CodeKind : uint8_t {
  kBytecode,          // interpreted function: addresses are bytecode array + offset
  kJsJit,             // optimized or baseline machine code of a JS function
  kBytecodeHandler,   // the interpreter's handlers: the running JS function is in r12/r9
  kInterpreterEntry,  // InterpreterEntryTrampoline / InterpreterEnterAt*: read the frame
  kBuiltin,           // any other builtin or stub
  kOther,             // regexp, wasm and anything else
};

struct LinePoint {
  uint32_t offset;  // code offset (pc offset, or bytecode offset)
  int32_t line;     // 1-based
};

struct CodeEntry {
  uintptr_t start = 0;
  uint32_t size = 0;
  CodeKind kind = CodeKind::kOther;
  uint32_t function_id = 0;
  int32_t start_line = 0;  // the function's first line, used when no line table
  bool js_entry = false;   // a builtin that enters JS from C++ (JSEntry*, JSConstructEntry, ...)
  // Optimized code: the lines its function's own bytecode spans, as known when it was
  // added (1..0 when not known), so a sample on them needs no function table lookup.
  int32_t own_first_line = 1;
  int32_t own_last_line = 0;
  std::vector<LinePoint> lines;  // sorted by offset; empty for tiers without tables

  int32_t LineAt(uint32_t offset) const;
};

class CodeMap {
 public:
  // Called by V8 on the isolate's thread (or, for moves, possibly a GC thread).
  void OnCodeEvent(const v8::JitCodeEvent* event);

  // Where builtins execute from a remapped copy of the embedded blob (Node 20) while the
  // code events name the original, learn the offset between the two. Call on the
  // isolate's thread after the existing code has been enumerated.
  void CalibrateBuiltins(v8::Isolate* isolate);

  // Caller holds `mutex`.
  const CodeEntry* Lookup(uintptr_t address) const;

  // The entry whose bytecode array starts at tagged pointer `array` (r12 or a frame
  // slot), or nullptr: validates a candidate interpreted frame.
  const CodeEntry* BytecodeForArray(uintptr_t tagged_array) const;

  mutable std::mutex mutex;

 private:
  void Add(const v8::JitCodeEvent* event);
  std::map<uintptr_t, CodeEntry> entries_;
  // Line positions collected between START and END_LINE_INFO_RECORDING, keyed by the
  // code start given at END, waiting for that code's CODE_ADDED (which has the script).
  std::unordered_map<uintptr_t, std::vector<std::pair<uint32_t, uint32_t>>> pending_positions_;
  std::unordered_map<int, std::string> script_names_;
  // Functions with bytecode in this isolate, by file id: what optimized code here can have
  // inlined (isolate thread only).
  std::unordered_map<uint32_t, std::vector<uint32_t>> compiled_by_file_;
  void AttributeForeignLines(CodeEntry& entry, uint32_t file_id);
  uintptr_t min_builtin_ = UINTPTR_MAX;  // lowest builtin address the events named
  uintptr_t remap_start_ = 0;            // executing copy, when it differs from the events
  uintptr_t remap_end_ = 0;
  uintptr_t remap_shift_ = 0;  // executing address - event address
};

}  // namespace causalprof
