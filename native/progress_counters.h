// Progress points are counted in memory that JS threads map as an ArrayBuffer, so
// progress()/begin()/end() are a Map lookup and an increment: no native call on the hot
// path. Each thread gets a block of its own (a single writer: a plain increment, no cache
// line shared with other threads); when a thread ends its counts are folded into a total
// kept here. Threads beyond kCounterBlocks share one block, counted with Atomics.add.
// Each point has two 32-bit counters (visits or begins, and ends).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace causalprof {

constexpr size_t kMaxProgressPoints = 256;
constexpr size_t kCountersPerPoint = 2;
constexpr size_t kCountersPerBlock = kMaxProgressPoints * kCountersPerPoint;
constexpr int kCounterBlocks = 256;

struct CounterBlock {
  uint32_t* counters;
  size_t bytes;
  int index;  // kCounterBlocks for the shared block
};

// A block for the calling thread (the shared one when all are taken).
CounterBlock AcquireCounterBlock();
// The thread that held `index` has ended: fold its counts into the totals, free the block.
void ReleaseCounterBlock(int index);
// Every point's counters summed over all blocks and ended threads: [first0, second0, ...].
std::vector<uint64_t> ProgressTotals();

// How a point has been counted: by progress() (throughput), by begin()/end() (latency).
// Bits, so a name used both ways shows both.
constexpr uint8_t kThroughputUse = 1;
constexpr uint8_t kLatencyUse = 2;

// The slot of a named point, allocated on first use; -1 when all slots are taken. `use`
// (kThroughputUse or kLatencyUse) is recorded against it, so the driver writes the point
// as the kind the program made it from the first experiment on, before any end() has come.
int ProgressSlot(const std::string& name, uint8_t use);
std::vector<std::string> ProgressNames();
// Per slot, in ProgressNames() order: the uses recorded.
std::vector<uint8_t> ProgressUses();

}  // namespace causalprof
