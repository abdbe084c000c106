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
  FunctionInfo info;
  info.name = name;
  info.file = file;
  info.start_line = start_line;
  std::lock_guard<std::mutex> lock(mutex_);
  return InternLocked(key, std::move(info));
}

uint32_t FunctionTable::InternNative(const std::string& name, const std::string& system_name,
                                     const std::string& object) {
  // Keyed apart from JS functions ('\1' cannot start a JS function's key with a line).
  std::string key;
  key.reserve(name.size() + object.size() + 2);
  key.push_back('\1');
  key.append(name).push_back('\0');
  key.append(object);
  FunctionInfo info;
  info.name = name;
  info.file = object;
  info.native = true;
  info.system_name = system_name;
  std::lock_guard<std::mutex> lock(mutex_);
  const size_t before = functions_.size();
  const uint32_t id = InternLocked(key, std::move(info));
  if (functions_.size() > before) native_ids_.push_back(id);
  return id;
}

uint32_t FunctionTable::InternLocked(const std::string& key, FunctionInfo info) {
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(functions_.size());
  auto file_it = file_ids_.find(info.file);
  if (file_it == file_ids_.end()) {
    file_it = file_ids_.emplace(info.file, static_cast<uint32_t>(files_.size())).first;
    files_.push_back(info.file);
    functions_by_file_.emplace_back();
  }
  info.file_id = file_it->second;
  functions_.push_back(std::move(info));
  functions_by_file_[file_it->second].push_back(id);
  ids_.emplace(key, id);
  return id;
}

std::vector<uint32_t> FunctionTable::NativeFunctions(size_t from) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (from >= native_ids_.size()) return {};
  return std::vector<uint32_t>(native_ids_.begin() + static_cast<std::ptrdiff_t>(from), native_ids_.end());
}

bool FunctionTable::LinesOf(uint32_t function_id, int32_t* first, int32_t* last) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (function_id >= functions_.size() || functions_[function_id].first_line == 0) return false;
  *first = functions_[function_id].first_line;
  *last = functions_[function_id].last_line;
  return true;
}

bool FunctionTable::IsNative(uint32_t function_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return function_id < functions_.size() && functions_[function_id].native;
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

bool FunctionTable::IsForeignLine(uint32_t function_id, int32_t line,
                                  const std::vector<uint32_t>& candidates) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (function_id >= functions_.size() || line <= 0) return false;
  const FunctionInfo& f = functions_[function_id];
  if (f.file_id == 0 || f.first_line == 0) return false;
  if (f.first_line <= line && line <= f.last_line) return false;
  for (uint32_t id : candidates) {
    if (id >= functions_.size()) continue;
    const FunctionInfo& g = functions_[id];
    if (id == function_id || g.first_line == 0 || line < g.first_line || line > g.last_line) continue;
    const bool encloses = g.first_line <= f.first_line && f.last_line <= g.last_line;
    if (!encloses) return false;  // a function of this file that could have been inlined here
  }
  return true;
}

FunctionTable& Functions() {
  static FunctionTable* table = new FunctionTable();  // never destroyed: worker teardown may race exit
  return *table;
}

}  // namespace causalprof
