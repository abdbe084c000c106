// Names native code by the function that holds it: which ELF object is mapped at an address
// (/proc/self/maps) and which of its symbols covers it (elf_symbols.h). Each function is
// interned in the function table with its object's path as its file, so a native frame
// travels through samples, sites and profiles as a JS frame does.
//
// Off the signal path: the drain thread reads the maps and loads objects (Refresh); lookups
// run wherever samples are resolved (the drain thread, or a thread draining itself before a
// code move), under this module's own lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "elf_symbols.h"

namespace causalprof {

constexpr uint32_t kNoNativeFunction = UINT32_MAX;

struct NativeSymbolStats {
  uint32_t objects = 0;      // ELF objects mapped executable and read
  uint64_t symbols = 0;      // function symbols in them
  uint64_t heap_bytes = 0;   // held by the tables (the files are mapped, not copied)
  uint64_t load_cpu_ns = 0;  // CPU time spent reading maps and objects
  uint32_t scans = 0;        // times /proc/self/maps was read
};

class NativeSymbols {
 public:
  // The function (a Functions() id) holding native code at `pc`, or kNoNativeFunction when
  // no known object is mapped there; a miss makes the next Refresh look for new objects.
  uint32_t FunctionAt(uintptr_t pc);

  // Drain thread, every cycle: reads the maps the first time, and again after a lookup
  // missed (a library loaded since, at most every kNativeRescanMs), loading new objects.
  void Refresh();

  NativeSymbolStats Stats();

 private:
  struct Object {
    std::string path;
    std::string label;  // what follows a function's name: "node", "libc.so.6"
    std::unique_ptr<ElfSymbols> elf;
    std::unordered_map<int, uint32_t> function_ids;  // symbol index -> interned id
    uint32_t unnamed_id = kNoNativeFunction;         // code of the object no symbol covers
  };
  struct ObjectMapping {
    uintptr_t start, end;
    uint64_t offset;
    Object* object;
  };

  void Scan();
  uint32_t FunctionOf(Object& object, uintptr_t pc, const ObjectMapping& m);

  std::mutex mutex_;
  std::vector<ObjectMapping> mappings_;                               // sorted by start
  std::unordered_map<std::string, std::unique_ptr<Object>> objects_;  // by path, never freed
  bool scanned_ = false;
  bool missed_ = false;
  uint64_t last_scan_ns_ = 0;
  NativeSymbolStats stats_;
};

NativeSymbols& Natives();

// "deflate_slow" from "deflate_slow.part.0", "node::Foo::Bar" from the mangled
// "_ZN4node3Foo3BarEi": GCC's clone suffixes dropped, C++ names demangled without their
// parameter lists (pprof keeps the mangled name as the system name).
std::string NativeDisplayName(const char* symbol);

}  // namespace causalprof
