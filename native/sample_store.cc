#include "sample_store.h"

namespace causalprof {

void SampleStore::Record(int thread_id, const std::string& thread_name, const FrameKey* frames, size_t count,
                         uint32_t weight) {
  const std::string key(reinterpret_cast<const char*>(frames), count * sizeof(FrameKey));
  std::lock_guard<std::mutex> lock(mutex_);
  ThreadSamples& t = threads_[thread_id];
  if (t.name.empty()) t.name = thread_name;
  StackCounts& c = t.stacks[key];
  c.samples += 1;
  c.periods += weight;
}

std::unordered_map<int, ThreadSamples> SampleStore::Take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::unordered_map<int, ThreadSamples> out;
  out.swap(threads_);
  return out;
}

SampleStore& Samples() {
  static SampleStore* store = new SampleStore();  // never destroyed: the drain thread outlives statics
  return *store;
}

}  // namespace causalprof
