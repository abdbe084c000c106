#include "code_map.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "function_table.h"

namespace causalprof {

namespace {

// Upper bound on a BytecodeArray's header: the first bytecode follows the tagged array
// pointer by the header size (about 40-64 bytes on V8 11-13).
constexpr uintptr_t kMaxBytecodeHeaderBytes = 128;

bool DebugCodeEvents() {
  static const bool on = getenv("CAUSALPROF_DEBUG_CODE") != nullptr;
  return on;
}

bool StartsWith(const std::string& s, const char* prefix) {
  return s.compare(0, strlen(prefix), prefix) == 0;
}

CodeKind Classify(const v8::JitCodeEvent* e, const std::string& name, bool has_script) {
  if (e->code_type == v8::JitCodeEvent::BYTE_CODE) return CodeKind::kBytecode;
  if (e->code_type == v8::JitCodeEvent::WASM_CODE) return CodeKind::kOther;
  if (has_script) return CodeKind::kJsJit;
  if (StartsWith(name, "BytecodeHandler:")) return CodeKind::kBytecodeHandler;
  if (StartsWith(name, "Builtin:InterpreterEntryTrampoline") ||
      StartsWith(name, "Builtin:InterpreterEnterAt")) {
    return CodeKind::kInterpreterEntry;
  }
  if (StartsWith(name, "Builtin:")) return CodeKind::kBuiltin;
  return CodeKind::kOther;
}

// V8 names JS code like "JS:*fib /app/x.js:3:13" or "LazyCompile:~fib file:///x.mjs:3:13"
// (with a "'" after the tier marker on V8 13). Returns the bare function name and the
// start line, if the name carries one.
std::string FunctionNameOf(const std::string& full, int32_t* start_line) {
  size_t begin = 0;
  const size_t colon = full.find(':');
  const size_t space = full.find(' ');
  if (colon != std::string::npos && (space == std::string::npos || colon < space) && full.find('/') > colon) {
    begin = colon + 1;
  }
  while (begin < full.size() && strchr("*~^+' ", full[begin]) != nullptr) ++begin;
  size_t end = full.find(' ', begin);
  std::string name = full.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  *start_line = 0;
  if (end != std::string::npos) {
    // ".../file.js:LINE:COL" at the end
    const size_t last = full.rfind(':');
    const size_t prev =
        last == std::string::npos || last == 0 ? std::string::npos : full.rfind(':', last - 1);
    if (prev != std::string::npos && prev > end) *start_line = atoi(full.c_str() + prev + 1);
  }
  // A script's top-level code is named by its location alone ("/app/x.js:1:1").
  if (name.find('/') != std::string::npos || name.rfind("node:", 0) == 0 || name.rfind("file:", 0) == 0) {
    name = "(top level)";
  }
  if (name.empty()) name = "(anonymous)";
  return name;
}

}  // namespace

int32_t CodeEntry::LineAt(uint32_t offset) const {
  if (lines.empty()) return start_line;
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](uint32_t off, const LinePoint& p) { return off < p.offset; });
  if (it == lines.begin()) return it->line;
  return (it - 1)->line;
}

void CodeMap::OnCodeEvent(const v8::JitCodeEvent* e) {
  switch (e->type) {
    case v8::JitCodeEvent::CODE_START_LINE_INFO_RECORDING:
      // V8 hands back whatever we store here with every position of this code.
      const_cast<v8::JitCodeEvent*>(e)->user_data = new std::vector<std::pair<uint32_t, uint32_t>>();
      return;
    case v8::JitCodeEvent::CODE_ADD_LINE_POS_INFO:
      if (e->user_data != nullptr) {
        static_cast<std::vector<std::pair<uint32_t, uint32_t>>*>(e->user_data)
            ->emplace_back(static_cast<uint32_t>(e->line_info.offset),
                           static_cast<uint32_t>(e->line_info.pos));
      }
      return;
    case v8::JitCodeEvent::CODE_END_LINE_INFO_RECORDING: {
      auto* positions = static_cast<std::vector<std::pair<uint32_t, uint32_t>>*>(e->user_data);
      if (positions == nullptr) return;
      std::lock_guard<std::mutex> lock(mutex);
      pending_positions_[reinterpret_cast<uintptr_t>(e->code_start)] = std::move(*positions);
      delete positions;
      return;
    }
    case v8::JitCodeEvent::CODE_ADDED:
      Add(e);
      return;
    case v8::JitCodeEvent::CODE_MOVED: {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = entries_.find(reinterpret_cast<uintptr_t>(e->code_start));
      if (it == entries_.end()) return;
      CodeEntry moved = std::move(it->second);
      entries_.erase(it);
      moved.start = reinterpret_cast<uintptr_t>(e->new_code_start);
      entries_[moved.start] = std::move(moved);
      return;
    }
    case v8::JitCodeEvent::CODE_REMOVED: {
      std::lock_guard<std::mutex> lock(mutex);
      entries_.erase(reinterpret_cast<uintptr_t>(e->code_start));
      return;
    }
  }
}

void CodeMap::Add(const v8::JitCodeEvent* e) {
  const std::string full(e->name.str, e->name.len);
  const bool has_script = !e->script.IsEmpty();
  CodeEntry entry;
  entry.start = reinterpret_cast<uintptr_t>(e->code_start);
  entry.size = static_cast<uint32_t>(e->code_len);
  entry.kind = Classify(e, full, has_script);

  std::string file;
  std::string name;
  if (has_script) {
    name = FunctionNameOf(full, &entry.start_line);
    const int script_id = e->script->GetId();
    auto cached = script_names_.find(script_id);
    if (cached == script_names_.end()) {
      v8::Isolate* isolate = e->isolate;
      v8::HandleScope scope(isolate);
      v8::Local<v8::Value> script_name = e->script->GetScriptName();
      if (!script_name.IsEmpty() && script_name->IsString()) {
        v8::String::Utf8Value utf8(isolate, script_name);
        if (*utf8 != nullptr) file.assign(*utf8, utf8.length());
      }
      script_names_.emplace(script_id, file);
    } else {
      file = cached->second;
    }
  } else {
    name = full;
  }

  std::vector<std::pair<uint32_t, uint32_t>> positions;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto pending = pending_positions_.find(entry.start);
    if (pending != pending_positions_.end()) {
      positions = std::move(pending->second);
      pending_positions_.erase(pending);
    }
  }
  if (has_script && !positions.empty()) {
    std::sort(positions.begin(), positions.end());
    entry.lines.reserve(positions.size());
    for (const auto& [offset, pos] : positions) {
      const int32_t line = e->script->GetLineNumber(static_cast<int>(pos)) + 1;
      if (line <= 0) continue;
      if (!entry.lines.empty() && entry.lines.back().line == line) continue;
      entry.lines.push_back(LinePoint{offset, line});
    }
  }
  entry.function_id = Functions().Intern(name, file, entry.start_line);
  if (entry.kind == CodeKind::kBytecode && !entry.lines.empty()) {
    int32_t first = entry.lines.front().line, last = first;
    for (const LinePoint& p : entry.lines) {
      first = std::min(first, p.line);
      last = std::max(last, p.line);
    }
    Functions().NoteLines(entry.function_id, first, last);
  }

  if (DebugCodeEvents()) {
    fprintf(stderr, "[causalprof code] %s kind=%d start=%p len=%u lines=%zu file=%s name=%s\n",
            e->code_type == v8::JitCodeEvent::BYTE_CODE ? "bytecode" : "jit", static_cast<int>(entry.kind),
            e->code_start, entry.size, entry.lines.size(), file.c_str(), full.c_str());
  }
  std::lock_guard<std::mutex> lock(mutex);
  if (!has_script && e->code_type == v8::JitCodeEvent::JIT_CODE && entry.kind != CodeKind::kOther) {
    min_builtin_ = std::min(min_builtin_, entry.start);
  }
  entries_[entry.start] = std::move(entry);
}

namespace {

struct ExeMapping {
  uintptr_t start, end, file_offset;
};

// Executable mappings of the node binary itself, from /proc/self/maps.
std::vector<ExeMapping> ExecutableMappingsOfSelf() {
  std::vector<ExeMapping> out;
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return out;
  exe[n] = '\0';
  FILE* maps = fopen("/proc/self/maps", "r");
  if (maps == nullptr) return out;
  char line[4096 + 256];
  while (fgets(line, sizeof line, maps) != nullptr) {
    unsigned long start, end, offset;
    char perms[8];
    char path[4096] = {0};
    if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %4095s", &start, &end, perms, &offset, path) < 4) continue;
    if (perms[2] == 'x' && strcmp(path, exe) == 0) out.push_back(ExeMapping{start, end, offset});
  }
  fclose(maps);
  return out;
}

}  // namespace

void CodeMap::CalibrateBuiltins(v8::Isolate* isolate) {
  const void* start = nullptr;
  size_t length = 0;
  isolate->GetEmbeddedCodeRange(&start, &length);
  const uintptr_t exec_start = reinterpret_cast<uintptr_t>(start);
  std::lock_guard<std::mutex> lock(mutex);
  if (exec_start == 0 || min_builtin_ == UINTPTR_MAX) return;
  if (min_builtin_ >= exec_start && min_builtin_ < exec_start + length)
    return;  // events name the executing copy
  // Both copies map the same file bytes: translate through the file offset.
  const ExeMapping* exec_map = nullptr;
  const ExeMapping* event_map = nullptr;
  const std::vector<ExeMapping> mappings = ExecutableMappingsOfSelf();
  for (const ExeMapping& m : mappings) {
    if (exec_start >= m.start && exec_start < m.end) exec_map = &m;
    if (min_builtin_ >= m.start && min_builtin_ < m.end) event_map = &m;
  }
  if (exec_map == nullptr || event_map == nullptr) return;
  const uintptr_t exec_base = exec_map->start - exec_map->file_offset;
  const uintptr_t event_base = event_map->start - event_map->file_offset;
  remap_start_ = exec_start;
  remap_end_ = exec_start + length;
  remap_shift_ = exec_base - event_base;
}

const CodeEntry* CodeMap::Lookup(uintptr_t address) const {
  if (address >= remap_start_ && address < remap_end_) address -= remap_shift_;
  auto it = entries_.upper_bound(address);
  if (it == entries_.begin()) return nullptr;
  --it;
  const CodeEntry& e = it->second;
  return address < e.start + e.size ? &e : nullptr;
}

const CodeEntry* CodeMap::BytecodeForArray(uintptr_t tagged_array) const {
  if ((tagged_array & 1) == 0) return nullptr;  // not a heap object pointer
  auto it = entries_.lower_bound(tagged_array);
  if (it == entries_.end()) return nullptr;
  const CodeEntry& e = it->second;
  if (e.kind != CodeKind::kBytecode || e.start - tagged_array > kMaxBytecodeHeaderBytes) return nullptr;
  return &e;
}

}  // namespace causalprof
