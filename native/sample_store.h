// Aggregated samples: per thread, a count and a weight (timer periods) per distinct stack.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "function_table.h"

namespace causalprof {

struct StackCounts {
  uint64_t samples = 0;
  uint64_t periods = 0;  // sum of weights: CPU time = periods x interval
};

struct ThreadSamples {
  std::string name;
  std::unordered_map<std::string, StackCounts> stacks;  // key: raw FrameKey bytes, leaf first
};

class SampleStore {
 public:
  void Record(int thread_id, const std::string& thread_name, const FrameKey* frames, size_t count,
              uint32_t weight);
  // Hands over everything recorded so far and starts afresh.
  std::unordered_map<int, ThreadSamples> Take();
  // Whether stacks are kept at all: on for a sampling profile, off for causal experiments.
  void SetRecording(bool on) { recording_.store(on); }
  bool recording() const { return recording_.load(std::memory_order_relaxed); }

 private:
  std::mutex mutex_;
  std::unordered_map<int, ThreadSamples> threads_;
  std::atomic<bool> recording_{false};
};

SampleStore& Samples();

}  // namespace causalprof
