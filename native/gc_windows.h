// When each thread was in a garbage collection, from V8's GC prologue and epilogue
// callbacks. Samples from the perf ring carry no V8 VM state (the kernel cannot read it),
// so the drain labels a sample GC by its time instead. Not used in signal handlers.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>

namespace causalprof {

class GcWindows {
 public:
  // On the isolate's thread, from the GC callbacks (which can nest).
  void Begin(uint64_t now_ns);
  void End(uint64_t now_ns);
  // Whether `time_ns` fell inside a collection. Calls must come in time order: windows
  // that ended before `time_ns` are forgotten.
  bool InGc(uint64_t time_ns);

 private:
  static constexpr uint64_t kOpen = UINT64_MAX;
  static constexpr size_t kMaxWindows = 4096;  // far more than a drain period can hold
  std::mutex mutex_;
  int depth_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> windows_;  // [start, end), end = kOpen while running
};

}  // namespace causalprof
