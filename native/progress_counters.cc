#include "progress_counters.h"

#include <mutex>

namespace causalprof {

namespace {

alignas(64) uint32_t g_counters[kMaxProgressPoints * kCountersPerPoint];

std::mutex& NamesMutex() {
  static auto* m = new std::mutex();
  return *m;
}
std::vector<std::string>& Names() {
  static auto* v = new std::vector<std::string>();
  return *v;
}

}  // namespace

uint32_t* ProgressCounters() { return g_counters; }
size_t ProgressCountersBytes() { return sizeof g_counters; }

int ProgressSlot(const std::string& name) {
  std::lock_guard<std::mutex> lock(NamesMutex());
  auto& names = Names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  if (names.size() >= kMaxProgressPoints) return -1;
  names.push_back(name);
  return static_cast<int>(names.size() - 1);
}

std::vector<std::string> ProgressNames() {
  std::lock_guard<std::mutex> lock(NamesMutex());
  return Names();
}

}  // namespace causalprof
