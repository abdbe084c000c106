#include "progress_counters.h"

#include <atomic>
#include <mutex>

namespace causalprof {

namespace {

// One extra block at the end is the shared one.
alignas(64) uint32_t g_blocks[kCounterBlocks + 1][kCountersPerBlock];
bool g_block_used[kCounterBlocks];
uint64_t g_retired[kCountersPerBlock];

std::mutex& Mutex() {
  static auto* m = new std::mutex();
  return *m;
}
std::vector<std::string>& Names() {
  static auto* v = new std::vector<std::string>();
  return *v;
}

uint32_t Read(const uint32_t* counter) {
  return reinterpret_cast<const std::atomic<uint32_t>*>(counter)->load(std::memory_order_relaxed);
}

}  // namespace

CounterBlock AcquireCounterBlock() {
  std::lock_guard<std::mutex> lock(Mutex());
  for (int i = 0; i < kCounterBlocks; ++i) {
    if (!g_block_used[i]) {
      g_block_used[i] = true;
      return CounterBlock{g_blocks[i], sizeof g_blocks[i], i};
    }
  }
  return CounterBlock{g_blocks[kCounterBlocks], sizeof g_blocks[kCounterBlocks], kCounterBlocks};
}

void ReleaseCounterBlock(int index) {
  if (index < 0 || index >= kCounterBlocks) return;  // the shared block stays
  std::lock_guard<std::mutex> lock(Mutex());
  for (size_t c = 0; c < kCountersPerBlock; ++c) {
    g_retired[c] += Read(&g_blocks[index][c]);
    g_blocks[index][c] = 0;
  }
  g_block_used[index] = false;
}

std::vector<uint64_t> ProgressTotals() {
  std::lock_guard<std::mutex> lock(Mutex());
  const size_t used = Names().size() * kCountersPerPoint;
  std::vector<uint64_t> totals(g_retired, g_retired + used);
  for (int b = 0; b <= kCounterBlocks; ++b) {
    if (b < kCounterBlocks && !g_block_used[b]) continue;
    for (size_t c = 0; c < used; ++c) totals[c] += Read(&g_blocks[b][c]);
  }
  return totals;
}

std::vector<uint8_t>& Uses() {
  static auto* v = new std::vector<uint8_t>();
  return *v;
}

int ProgressSlot(const std::string& name, uint8_t use) {
  std::lock_guard<std::mutex> lock(Mutex());
  auto& names = Names();
  auto& uses = Uses();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      uses[i] |= use;
      return static_cast<int>(i);
    }
  }
  if (names.size() >= kMaxProgressPoints) return -1;
  names.push_back(name);
  uses.push_back(use);
  return static_cast<int>(names.size() - 1);
}

std::vector<std::string> ProgressNames() {
  std::lock_guard<std::mutex> lock(Mutex());
  return Names();
}

std::vector<uint8_t> ProgressUses() {
  std::lock_guard<std::mutex> lock(Mutex());
  return Uses();
}

}  // namespace causalprof
