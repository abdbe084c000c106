#include "drain.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "clock.h"
#include "config.h"
#include "copied_stack_walker.h"
#include "delays.h"
#include "experiment.h"
#include "frame_resolver.h"
#include "native_symbols.h"
#include "sample_store.h"
#include "thread_registry.h"

namespace causalprof {

namespace {
std::atomic<uint64_t> g_drain_cpu_ns{0};
std::atomic<uint64_t> g_drained_samples{0};
}  // namespace

namespace {

void Consume(ThreadState& state, const RawSample& sample, ResolvedStack* stack) {
  ResolveSample(sample, state.code_map, stack);
  if (sample.frame_count == 0 && !stack->leaf_recovered) state.samples_without_frames.fetch_add(1);
  // Only a sampling profile reads the stacks (`run` never does: a string key and a lock a sample).
  if (Samples().recording())
    Samples().Record(state.thread_id, state.name, stack->frames, stack->count, sample.weight);
  ObserveSample(state, *stack, sample, sample.time_ns);
  g_drained_samples.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void DrainThreadLocked(ThreadState& state) {
  ResolvedStack stack;
  std::lock_guard<std::mutex> map_lock(state.code_map.mutex);
  state.ring.Drain([&](const RawSample& sample) { Consume(state, sample, &stack); });
  PerfRing& ring = state.timer.ring();
  if (!ring.is_open()) return;
  RawSample raw;
  const uint64_t lost_before = ring.lost();
  const size_t n = ring.Drain([&](const PerfSample& sample) {
    RawSampleFromCopiedStack(sample, state.code_map, state.gc_windows.InGc(sample.time_ns), state.stack_high,
                             &raw);
    Consume(state, raw, &stack);
  });
  state.samples_taken.fetch_add(n, std::memory_order_relaxed);
  state.ring_lost.fetch_add(ring.lost() - lost_before, std::memory_order_relaxed);
}

void DrainAll() {
  ForEachThread([](ThreadState& state) {
    std::lock_guard<std::mutex> lock(state.drain_mutex);
    DrainThreadLocked(state);
  });
}

namespace {
std::atomic<uint32_t> g_drain_period_ms{kDrainPeriodMs};
}  // namespace

uint32_t DrainPeriodMs() {
  // An experiment must react to hits within ~10 ms; sampling alone can batch more.
  return DelaysActive() ? kDrainPeriodMs : g_drain_period_ms.load(std::memory_order_relaxed);
}

void SetSamplingIntervalForDrain(uint32_t interval_us) {
  uint32_t ms = interval_us * kSamplesPerDrain / 1000;
  if (ms < kDrainPeriodMs) ms = kDrainPeriodMs;
  if (ms > kMaxDrainPeriodMs) ms = kMaxDrainPeriodMs;
  g_drain_period_ms.store(ms);
}

DrainStats CurrentDrainStats() { return DrainStats{g_drain_cpu_ns.load(), g_drained_samples.load()}; }

void StartDrainThread() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::thread([] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(DrainPeriodMs()));
        const uint64_t start = ThreadCpuNs();
        Natives().Refresh();  // objects loaded since the last look, before their samples
        DrainAll();
        g_drain_cpu_ns.fetch_add(ThreadCpuNs() - start, std::memory_order_relaxed);
      }
    }).detach();
  });
}

}  // namespace causalprof
