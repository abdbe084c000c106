#include "function_table.h"

#include <cstdint>

namespace causalprof {

FunctionTable::FunctionTable() {
  files_.push_back("");
  file_ids_.emplace("", 0);
  functions_by_file_.emplace_back();
  gc_id = Intern("(garbage collector)", "", 0);
  idle_id = Intern("(idle)", "", 0);
  program_id = Intern("(program)", "", 0);
  native_id = Intern("(native)", "", 0);
  atomics_wait_id = Intern("(atomics wait)", "", 0);
  compiler_id = Intern("(compiler)", "", 0);
  truncated_id = Intern("(truncated)", "", 0);
}

uint32_t FunctionTable::Intern(const std::string& name, const std::string& file, int32_t start_line) {
  std::string key;
  key.reserve(name.size() + file.size() + 16);
  key.append(name).push_back('\0');
  key.append(file).push_back('\0');
  key.append(std::to_string(start_line));
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(functions_.size());
  auto file_it = file_ids_.find(file);
  if (file_it == file_ids_.end()) {
    file_it = file_ids_.emplace(file, static_cast<uint32_t>(files_.size())).first;
    files_.push_back(file);
    functions_by_file_.emplace_back();
  }
  functions_.push_back(FunctionInfo{name, file, start_line, file_it->second, 0, 0});
  functions_by_file_[file_it->second].push_back(id);
  ids_.emplace(std::move(key), id);
  return id;
}

std::vector<FunctionInfo> FunctionTable::Snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  return functions_;
}

uint32_t FunctionTable::FileOf(uint32_t function_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return function_id < functions_.size() ? functions_[function_id].file_id : 0;
}

std::string FunctionTable::NameOf(uint32_t function_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return function_id < functions_.size() ? functions_[function_id].name : std::string();
}

std::vector<std::string> FunctionTable::Files(uint32_t from) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (from >= files_.size()) return {};
  return std::vector<std::string>(files_.begin() + from, files_.end());
}

void FunctionTable::NoteLines(uint32_t function_id, int32_t first, int32_t last) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (function_id >= functions_.size() || first <= 0) return;
  FunctionInfo& f = functions_[function_id];
  if (f.first_line == 0 || first < f.first_line) f.first_line = first;
  if (last > f.last_line) f.last_line = last;
}

uint32_t FunctionTable::FunctionHolding(uint32_t function_id, int32_t line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (function_id >= functions_.size() || line <= 0) return function_id;
  const FunctionInfo& outer = functions_[function_id];
  if (outer.file_id == 0 || (outer.first_line <= line && line <= outer.last_line)) return function_id;
  uint32_t best = function_id;
  int32_t best_span = INT32_MAX;
  for (uint32_t id : functions_by_file_[outer.file_id]) {
    const FunctionInfo& f = functions_[id];
    if (f.first_line == 0 || line < f.first_line || line > f.last_line) continue;
    if (f.last_line - f.first_line < best_span) {
      best = id;
      best_span = f.last_line - f.first_line;
    }
  }
  return best;
}

FunctionTable& Functions() {
  static FunctionTable* table = new FunctionTable();  // never destroyed: worker teardown may race exit
  return *table;
}

}  // namespace causalprof
