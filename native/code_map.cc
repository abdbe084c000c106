#include "code_map.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>

#include "function_table.h"
#include "proc_maps.h"
#include "v8_code_names.h"
#include "v8_compat.h"

namespace causalprof {

namespace {

// V8 reports no removal for most code that dies, and the GC reuses its memory (compaction
// moves live code over it): whatever the map still has where code lands is dead. Erases
// every entry that overlaps [start, end).
void EraseOverlapping(std::map<uintptr_t, CodeEntry>& entries, uintptr_t start, uintptr_t end) {
  auto it = entries.lower_bound(start);
  if (it != entries.begin()) {
    auto prev = std::prev(it);
    if (prev->second.start + prev->second.size > start) it = prev;
  }
  while (it != entries.end() && it->first < end) it = entries.erase(it);
}

// The memory a code object occupies: a BytecodeArray's header precedes the first bytecode
// (where its events start).
uintptr_t OccupiedFrom(const CodeEntry& e) {
  return e.kind == CodeKind::kBytecode ? e.start - compat::kFirstBytecodeFromTaggedArray - 1 : e.start;
}

bool DebugCodeEvents() {
  static const bool on = getenv("CAUSALPROF_DEBUG_CODE") != nullptr;
  return on;
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

}  // namespace

// Optimized code with code inlined from another script: its positions are that script's,
// and name unrelated lines here (FunctionTable::IsForeignLine). They are the calling line's
// work, and V8 emits the call's own position just before the inlined code: give them the
// last line of the function's own before them.
void CodeMap::AttributeForeignLines(CodeEntry& entry, uint32_t file_id) {
  static const std::vector<uint32_t> kNone;
  auto compiled = compiled_by_file_.find(file_id);
  const std::vector<uint32_t>& candidates = compiled == compiled_by_file_.end() ? kNone : compiled->second;
  int32_t own = entry.start_line;
  std::vector<LinePoint> lines;
  lines.reserve(entry.lines.size());
  for (LinePoint p : entry.lines) {
    if (Functions().IsForeignLine(entry.function_id, p.line, candidates)) {
      p.line = own;
    } else {
      own = p.line;
    }
    if (!lines.empty() && lines.back().line == p.line) continue;
    lines.push_back(p);
  }
  entry.lines = std::move(lines);
}

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
      EraseOverlapping(entries_, OccupiedFrom(moved), moved.start + moved.size);
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
  entry.js_entry = entry.kind == CodeKind::kBuiltin &&
                   (StartsWith(full, "Builtin:JSEntry") || StartsWith(full, "Builtin:JSConstructEntry") ||
                    StartsWith(full, "Builtin:JSRunMicrotasksEntry"));

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
  const uint32_t file_id = Functions().FileOf(entry.function_id);
  if (entry.kind == CodeKind::kJsJit && !entry.lines.empty()) AttributeForeignLines(entry, file_id);
  if (entry.kind == CodeKind::kJsJit)
    Functions().LinesOf(entry.function_id, &entry.own_first_line, &entry.own_last_line);
  if (entry.kind == CodeKind::kBytecode) {
    std::vector<uint32_t>& compiled = compiled_by_file_[file_id];
    if (std::find(compiled.begin(), compiled.end(), entry.function_id) == compiled.end()) {
      compiled.push_back(entry.function_id);
    }
  }
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
  EraseOverlapping(entries_, OccupiedFrom(entry), entry.start + entry.size);
  entries_[entry.start] = std::move(entry);
}

namespace {

struct ExeMapping {
  uintptr_t start, end, file_offset;
};

// Executable mappings of the node binary itself.
std::vector<ExeMapping> ExecutableMappingsOfSelf() {
  std::vector<ExeMapping> out;
  const std::string exe = SelfExecutable();
  if (exe.empty()) return out;
  for (const Mapping& m : ReadProcMaps()) {
    if (m.executable && m.path == exe) out.push_back(ExeMapping{m.start, m.end, m.offset});
  }
  return out;
}

}  // namespace

void CodeMap::CalibrateBuiltins(v8::Isolate* isolate) {
  // The embedded builtins are mapped twice: in the binary's text, where GetEmbeddedCodeRange
  // points on V8 11.3-13.6, and as a copy next to the code space that JIT code calls
  // pc-relative (short builtin calls). The code events name the text copy on Node 20 and the
  // remapped copy on 22 and 24, and samples land in both: translate pcs in the copy the events
  // do not name into the one they do, through the file offset both map.
  const void* start = nullptr;
  size_t length = 0;
  isolate->GetEmbeddedCodeRange(&start, &length);
  const uintptr_t blob = reinterpret_cast<uintptr_t>(start);
  std::lock_guard<std::mutex> lock(mutex);
  if (blob == 0 || length == 0 || min_builtin_ == UINTPTR_MAX) return;
  const std::vector<ExeMapping> mappings = ExecutableMappingsOfSelf();
  const ExeMapping* blob_map = nullptr;
  const ExeMapping* event_map = nullptr;
  for (const ExeMapping& m : mappings) {
    if (blob >= m.start && blob < m.end) blob_map = &m;
    if (min_builtin_ >= m.start && min_builtin_ < m.end) event_map = &m;
  }
  if (blob_map == nullptr || event_map == nullptr) return;
  const uintptr_t blob_offset = blob - blob_map->start + blob_map->file_offset;  // in the binary
  if (blob_offset < event_map->file_offset) return;
  const uintptr_t event_blob = event_map->start + (blob_offset - event_map->file_offset);
  for (const ExeMapping& m : mappings) {
    if (&m == event_map || blob_offset < m.file_offset ||
        blob_offset + length > m.file_offset + (m.end - m.start)) {
      continue;
    }
    remap_start_ = m.start + (blob_offset - m.file_offset);
    remap_end_ = remap_start_ + length;
    remap_shift_ = remap_start_ - event_blob;
    break;
  }
  if (DebugCodeEvents()) {
    fprintf(stderr, "[causalprof code] builtins named at %p, other copy %p-%p\n",
            reinterpret_cast<void*>(event_blob), reinterpret_cast<void*>(remap_start_),
            reinterpret_cast<void*>(remap_end_));
  }
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
  // Exactly where this array's bytecode starts: a nearby entry may be dead code.
  auto it = entries_.find(tagged_array + compat::kFirstBytecodeFromTaggedArray);
  if (it == entries_.end() || it->second.kind != CodeKind::kBytecode) return nullptr;
  return &it->second;
}

}  // namespace causalprof
