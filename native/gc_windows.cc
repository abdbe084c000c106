#include "gc_windows.h"

namespace causalprof {

void GcWindows::Begin(uint64_t now_ns) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (depth_++ > 0) return;
  if (windows_.size() >= kMaxWindows) windows_.pop_front();  // nobody is draining: keep it bounded
  windows_.emplace_back(now_ns, kOpen);
}

void GcWindows::End(uint64_t now_ns) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (depth_ == 0 || --depth_ > 0) return;
  if (!windows_.empty()) windows_.back().second = now_ns;
}

bool GcWindows::InGc(uint64_t time_ns) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (!windows_.empty() && windows_.front().second <= time_ns) windows_.pop_front();
  return !windows_.empty() && windows_.front().first <= time_ns;
}

}  // namespace causalprof
