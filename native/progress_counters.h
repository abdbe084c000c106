// Progress points live in one block of process memory that every JS thread maps as an
// ArrayBuffer, so progress()/begin()/end() are a Map lookup and an Atomics.add: no native
// call on the hot path. Each point has two 32-bit counters (visits or begins, and ends);
// readers take differences modulo 2^32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace causalprof {

constexpr size_t kMaxProgressPoints = 256;
constexpr size_t kCountersPerPoint = 2;

uint32_t* ProgressCounters();
size_t ProgressCountersBytes();
// The slot of a named point, allocated on first use; -1 when all slots are taken.
int ProgressSlot(const std::string& name);
std::vector<std::string> ProgressNames();

}  // namespace causalprof
