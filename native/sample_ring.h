// Single-producer ring of raw samples, one per thread.
//
// ASYNC-SIGNAL-SAFE on the producer side: TryReserve/Commit run inside the sampling
// signal handler, so they only touch preallocated memory and lock-free atomics. The
// consumer side (drain thread, or the thread itself before a code move) is serialised by
// the owner with a mutex and never runs in a signal handler.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "config.h"
#include "raw_sample.h"

namespace causalprof {

class SampleRing {
 public:
  static_assert((kRingCapacitySamples & (kRingCapacitySamples - 1)) == 0,
                "ring capacity must be a power of two");

  // Producer (signal handler). Returns nullptr when full; the sample is then dropped
  // and counted, never overwritten under a reader.
  RawSample* TryReserve() {
    const uint64_t head = head_.load(std::memory_order_relaxed);
    const uint64_t tail = tail_.load(std::memory_order_acquire);
    if (head - tail >= kRingCapacitySamples) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    }
    return &slots_[head & (kRingCapacitySamples - 1)];
  }
  void Commit() { head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

  // Consumer: calls fn(const RawSample&) for every committed sample, oldest first.
  template <typename Fn>
  size_t Drain(Fn&& fn) {
    const uint64_t head = head_.load(std::memory_order_acquire);
    uint64_t tail = tail_.load(std::memory_order_relaxed);
    size_t n = 0;
    for (; tail != head; ++tail, ++n) fn(slots_[tail & (kRingCapacitySamples - 1)]);
    tail_.store(tail, std::memory_order_release);
    return n;
  }

  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> head_{0};
  std::atomic<uint64_t> tail_{0};
  std::atomic<uint64_t> dropped_{0};
  RawSample slots_[kRingCapacitySamples];
};

}  // namespace causalprof
