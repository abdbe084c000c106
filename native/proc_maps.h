// The process's memory mappings, from /proc/self/maps: where the node binary's text is
// mapped twice (code_map.cc), and which ELF object lies under a native sample
// (native_symbols.cc). Off the signal path: it reads a file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace causalprof {

struct Mapping {
  uintptr_t start, end;
  uint64_t offset;  // in the file mapped
  bool executable;
  std::string path;  // "" for an anonymous mapping, "[vdso]" and the like for the kernel's
};

std::vector<Mapping> ReadProcMaps();

// The path of the running executable (/proc/self/exe), or "".
std::string SelfExecutable();

}  // namespace causalprof
