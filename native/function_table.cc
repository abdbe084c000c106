#include "function_table.h"

namespace causalprof {

FunctionTable::FunctionTable() {
  gc_id = Intern("(garbage collector)", "", 0);
  idle_id = Intern("(idle)", "", 0);
  program_id = Intern("(program)", "", 0);
  native_id = Intern("(native)", "", 0);
  atomics_wait_id = Intern("(atomics wait)", "", 0);
  compiler_id = Intern("(compiler)", "", 0);
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
  functions_.push_back(FunctionInfo{name, file, start_line});
  ids_.emplace(std::move(key), id);
  return id;
}

std::vector<FunctionInfo> FunctionTable::Snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  return functions_;
}

FunctionTable& Functions() {
  static FunctionTable* table = new FunctionTable();  // never destroyed: worker teardown may race exit
  return *table;
}

}  // namespace causalprof
