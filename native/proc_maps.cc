#include "proc_maps.h"

#include <unistd.h>

#include <cstdio>

namespace causalprof {

std::vector<Mapping> ReadProcMaps() {
  std::vector<Mapping> out;
  FILE* maps = fopen("/proc/self/maps", "re");
  if (maps == nullptr) return out;
  char line[4096 + 256];
  while (fgets(line, sizeof line, maps) != nullptr) {
    unsigned long start, end, offset;
    char perms[8];
    int path_at = 0;
    if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %n", &start, &end, perms, &offset, &path_at) < 4) continue;
    std::string path = path_at > 0 ? std::string(line + path_at) : std::string();
    while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.pop_back();
    out.push_back(Mapping{start, end, offset, perms[2] == 'x', std::move(path)});
  }
  fclose(maps);
  return out;
}

std::string SelfExecutable() {
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, static_cast<size_t>(n)) : std::string();
}

}  // namespace causalprof
