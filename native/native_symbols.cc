#include "native_symbols.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "clock.h"
#include "config.h"
#include "function_table.h"
#include "proc_maps.h"

namespace causalprof {

namespace {

// Executable mappings of files (and of the kernel's [vdso]); anonymous ones are V8's code
// space or other JIT code, which only the code map can name.
std::vector<Mapping> ExecutableFileMappings() {
  std::vector<Mapping> out;
  for (Mapping& m : ReadProcMaps()) {
    if (!m.executable || m.path.empty() || (m.path[0] != '/' && m.path != "[vdso]")) continue;
    // A file replaced on disk since it was mapped: what is there now is not what runs.
    if (m.path.size() > 10 && m.path.compare(m.path.size() - 10, 10, " (deleted)") == 0) continue;
    out.push_back(std::move(m));
  }
  return out;
}

std::string Basename(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Drops a trailing parameter list, and the qualifiers after it, from a demangled name.
std::string WithoutParameters(std::string name) {
  for (const char* q : {" const", " volatile", " &&", " &", " noexcept"}) {
    const size_t n = strlen(q);
    while (name.size() > n && name.compare(name.size() - n, n, q) == 0) name.resize(name.size() - n);
  }
  if (name.empty() || name.back() != ')') return name;
  int depth = 0;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') depth++;
    if (name[i] == '(' && --depth == 0) return i == 0 ? name : name.substr(0, i);
  }
  return name;
}

}  // namespace

std::string NativeDisplayName(const char* symbol) {
  std::string name(symbol);
  // GCC's clones (.cold, .part.N, .isra.N, .constprop.N, .lto_priv.N) are the function they
  // were cut from; no C or mangled C++ name holds a '.' otherwise.
  const size_t dot = name.find('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  if (name.compare(0, 2, "_Z") == 0) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
    if (status == 0 && demangled != nullptr) name = WithoutParameters(demangled);
    free(demangled);
  }
  return name;
}

uint32_t NativeSymbols::FunctionOf(Object& object, uintptr_t pc, const ObjectMapping& m) {
  uint64_t vaddr = 0;
  const int index = object.elf != nullptr && object.elf->OffsetToVaddr(m.offset + (pc - m.start), &vaddr)
                        ? object.elf->Find(vaddr)
                        : -1;
  if (index < 0) {
    if (object.unnamed_id == kNoNativeFunction) {
      object.unnamed_id = Functions().InternNative("(no symbol)", "", object.path);
    }
    return object.unnamed_id;
  }
  auto cached = object.function_ids.find(index);
  if (cached != object.function_ids.end()) return cached->second;
  const char* symbol = object.elf->Name(index);
  const uint32_t id = Functions().InternNative(NativeDisplayName(symbol), symbol, object.path);
  object.function_ids.emplace(index, id);
  return id;
}

uint32_t NativeSymbols::FunctionAt(uintptr_t pc) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::upper_bound(mappings_.begin(), mappings_.end(), pc,
                             [](uintptr_t p, const ObjectMapping& m) { return p < m.start; });
  if (it == mappings_.begin() || pc >= (it - 1)->end) {
    missed_ = true;
    return kNoNativeFunction;
  }
  const ObjectMapping& m = *(it - 1);
  return FunctionOf(*m.object, pc, m);
}

void NativeSymbols::Refresh() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (scanned_ && (!missed_ || MonotonicNs() - last_scan_ns_ < kNativeRescanMs * 1000000ull)) return;
  }
  Scan();
}

void NativeSymbols::Scan() {
  const uint64_t cpu_start = ThreadCpuNs();
  const std::vector<Mapping> lines = ExecutableFileMappings();
  // Objects are read outside the lock (the node binary takes tens of ms): lookups go on
  // with the old tables meanwhile.
  std::vector<std::unique_ptr<Object>> fresh;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Mapping& l : lines) {
      if (objects_.count(l.path) != 0) continue;
      if (std::any_of(fresh.begin(), fresh.end(), [&](const auto& o) { return o->path == l.path; })) continue;
      auto object = std::make_unique<Object>();
      object->path = l.path;
      object->label = Basename(l.path);
      fresh.push_back(std::move(object));
    }
  }
  for (auto& object : fresh) {
    auto elf = std::make_unique<ElfSymbols>();
    if (object->path[0] == '/' && elf->Load(object->path)) object->elf = std::move(elf);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& object : fresh) {
    if (object->elf != nullptr) {
      stats_.symbols += object->elf->count();
      stats_.heap_bytes += object->elf->HeapBytes();
    }
    stats_.objects++;
    objects_.emplace(object->path, std::move(object));
  }
  mappings_.clear();
  for (const Mapping& l : lines)
    mappings_.push_back(ObjectMapping{l.start, l.end, l.offset, objects_[l.path].get()});
  std::sort(mappings_.begin(), mappings_.end(),
            [](const ObjectMapping& a, const ObjectMapping& b) { return a.start < b.start; });
  scanned_ = true;
  missed_ = false;
  last_scan_ns_ = MonotonicNs();
  stats_.scans++;
  stats_.load_cpu_ns += ThreadCpuNs() - cpu_start;
}

NativeSymbolStats NativeSymbols::Stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

NativeSymbols& Natives() {
  static NativeSymbols* symbols = new NativeSymbols();  // never destroyed: drains may race exit
  return *symbols;
}

}  // namespace causalprof
