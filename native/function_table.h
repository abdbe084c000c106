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
};

class FunctionTable {
 public:
  uint32_t Intern(const std::string& name, const std::string& file, int32_t start_line);
  // Copy of every function so far, indexed by id.
  std::vector<FunctionInfo> Snapshot();
  // The file of a function (for the drain's hit and scope checks, which cache it).
  uint32_t FileOf(uint32_t function_id);
  std::string NameOf(uint32_t function_id);
  // Script names by file id, from `from` on.
  std::vector<std::string> Files(uint32_t from);

  // Widens the lines a function's own bytecode is known to span.
  void NoteLines(uint32_t function_id, int32_t first, int32_t last);
  // Optimized code carries the lines of the functions inlined into it but the name of the
  // outer one: the function that really holds `line`, when it lies outside `function_id`'s
  // own lines (the innermost function of the same file spanning it), else function_id.
  uint32_t FunctionHolding(uint32_t function_id, int32_t line);

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
