#include "drain.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "config.h"
#include "experiment.h"
#include "frame_resolver.h"
#include "sample_store.h"
#include "thread_registry.h"

namespace causalprof {

void DrainThreadLocked(ThreadState& state) {
  ResolvedStack stack;
  std::lock_guard<std::mutex> map_lock(state.code_map.mutex);
  state.ring.Drain([&](const RawSample& sample) {
    ResolveSample(sample, state.code_map, &stack);
    if (sample.frame_count == 0 && !stack.leaf_recovered) state.samples_without_frames.fetch_add(1);
    Samples().Record(state.thread_id, state.name, stack.frames, stack.count, sample.weight);
    ObserveSample(state, stack, sample.weight);
  });
}

void DrainAll() {
  ForEachThread([](ThreadState& state) {
    std::lock_guard<std::mutex> lock(state.drain_mutex);
    DrainThreadLocked(state);
  });
}

void StartDrainThread() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::thread([] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kDrainPeriodMs));
        DrainAll();
      }
    }).detach();
  });
}

}  // namespace causalprof
