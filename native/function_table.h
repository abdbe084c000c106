// Process-wide interning of functions (name, file, first line) to small stable ids, so
// samples survive the code objects they were taken in (GC moves and frees code).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace causalprof {

struct FunctionInfo {
  std::string name;
  std::string file;  // script name as V8 reports it ("" for builtins and labels)
  int32_t start_line = 0;
  uint32_t file_id = 0;  // index into Files(); 0 is the empty file of labels and builtins
  // Lines the function's own bytecode spans (0 = not known yet).
  int32_t first_line = 0;
  int32_t last_line = 0;
  // Native code (native_symbols.h): `file` is the ELF object's path, `system_name` the
  // symbol as the object spells it; such a function has no lines.
  bool native = false;
  std::string system_name;
};

class FunctionTable {
 public:
  uint32_t Intern(const std::string& name, const std::string& file, int32_t start_line);
  // A native function: `name` as shown, `system_name` as the object spells it, in `object`.
  uint32_t InternNative(const std::string& name, const std::string& system_name, const std::string& object);
  // Ids of the native functions interned so far, from the `from`th on (for the scope of
  // causal experiments, which TypeScript decides by name and library).
  std::vector<uint32_t> NativeFunctions(size_t from);
  bool IsNative(uint32_t function_id);
  // Copy of every function so far, indexed by id.
  std::vector<FunctionInfo> Snapshot();
  // The file of a function (for the drain's hit and scope checks, which cache it).
  uint32_t FileOf(uint32_t function_id);
  std::string NameOf(uint32_t function_id);
  // Script names by file id, from `from` on.
  std::vector<std::string> Files(uint32_t from);

  // The lines a function's own bytecode is known to span; false while none are.
  bool LinesOf(uint32_t function_id, int32_t* first, int32_t* last);
  // Widens the lines a function's own bytecode is known to span.
  void NoteLines(uint32_t function_id, int32_t first, int32_t last);
  // Optimized code carries the lines of the functions inlined into it but the name of the
  // outer one: the function that really holds `line`, when it lies outside `function_id`'s
  // own lines (the innermost function of the same file spanning it), else function_id.
  uint32_t FunctionHolding(uint32_t function_id, int32_t line);
  // Whether `line`, a position in optimized code of `function_id`, came from another script:
  // V8 reports the positions of inlined code as offsets in the inlined function's own script,
  // with nothing to say which, so read in this script they fall on unrelated lines. A line
  // outside the function's own lines that none of `candidates` (the functions of its file
  // compiled in the same isolate, so inlinable there) holds, other than one enclosing this
  // function (which it cannot have inlined), is such a line. False where the function's own
  // lines are not known.
  bool IsForeignLine(uint32_t function_id, int32_t line, const std::vector<uint32_t>& candidates);

  // Pseudo-functions that label samples without a JS leaf.
  uint32_t gc_id, idle_id, program_id, native_id, atomics_wait_id, compiler_id;
  // The root of a stack whose outer frames were not recorded (kMaxFrames, or the end of the
  // perf ring's stack copy).
  uint32_t truncated_id;

  FunctionTable();

 private:
  std::mutex mutex_;
  std::vector<FunctionInfo> functions_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> file_ids_;
  std::vector<std::vector<uint32_t>> functions_by_file_;
  std::vector<uint32_t> native_ids_;

  uint32_t InternLocked(const std::string& key, FunctionInfo info);
};

FunctionTable& Functions();

// A resolved frame: function id in the high half, 1-based line in the low (0 = unknown).
using FrameKey = uint64_t;
inline FrameKey MakeFrame(uint32_t function_id, int32_t line) {
  return (static_cast<uint64_t>(function_id) << 32) | static_cast<uint32_t>(line < 0 ? 0 : line);
}
inline uint32_t FrameFunction(FrameKey f) { return static_cast<uint32_t>(f >> 32); }
inline int32_t FrameLine(FrameKey f) { return static_cast<int32_t>(f & 0xffffffffu); }

}  // namespace causalprof
