#include "sampler.h"

#include <atomic>
#include <mutex>

#include "drain.h"
#include "signal_handler.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

// Written only under the registry lock, so a thread registering concurrently sees either
// the old or the new configuration, never half of one.
struct SamplerConfig {
  std::atomic<bool> active{false};
  uint32_t interval_us = 0;
  TimerMode mode = TimerMode::kPerfSignal;
  int signo = 0;
  TimerKind last_kind = TimerKind::kNone;
  int threads_without_timer = 0;
  int ring_refused = 0;
  int ring_error = 0;
};

SamplerConfig& Config() {
  static SamplerConfig* c = new SamplerConfig();
  return *c;
}

void StartThread(ThreadState& ts) {
  SamplerConfig& c = Config();
  TimerKind kind;
  {
    // The ring is replaced under the lock its consumers hold.
    std::lock_guard<std::mutex> lock(ts.drain_mutex);
    kind = ts.timer.Start(ts.tid, ts.pthread, c.interval_us, c.signo, c.mode);
  }
  if (c.mode == TimerMode::kPerfRing && kind != TimerKind::kPerfRing) {
    c.ring_refused++;
    c.ring_error = ts.timer.ring_error();
  }
  if (kind == TimerKind::kNone) {
    c.threads_without_timer++;
    return;
  }
  c.last_kind = kind;
  // Set before sampling is switched on below: the handler records only while it is on.
  ts.cpu_at_last_sample_ns = 0;
  ts.interval_ns = static_cast<uint64_t>(c.interval_us) * 1000;
  ts.sampling.store(true, std::memory_order_release);
}

}  // namespace

SamplerStatus StartSampling(uint32_t interval_us, TimerMode mode) {
  const int signo = InstallSampleSignalHandler();
  StartDrainThread();
  WithRegistryLocked([&](const std::vector<ThreadState*>& threads) {
    SamplerConfig& c = Config();
    if (c.active.load()) return;  // already running with the first caller's settings
    c.interval_us = interval_us;
    SetSamplingIntervalForDrain(interval_us);
    c.mode = mode;
    c.signo = signo;
    c.threads_without_timer = 0;
    c.ring_refused = 0;
    c.ring_error = 0;
    c.active.store(true);
    for (ThreadState* ts : threads) StartThread(*ts);
  });
  return CurrentSamplerStatus();
}

void StopSampling() {
  WithRegistryLocked([](const std::vector<ThreadState*>& threads) {
    Config().active.store(false);
    for (ThreadState* ts : threads) {
      ts->sampling.store(false);
      ts->timer.Stop();
    }
  });
  DrainAll();
  // Rings hold locked memory: give it back once their last samples are in.
  ForEachThread([](ThreadState& ts) {
    std::lock_guard<std::mutex> lock(ts.drain_mutex);
    ts.timer.CloseRing();
  });
}

SamplerStatus CurrentSamplerStatus() {
  SamplerStatus status;
  WithRegistryLocked([&](const std::vector<ThreadState*>&) {
    const SamplerConfig& c = Config();
    status.active = c.active.load();
    status.interval_us = c.interval_us;
    status.timer = c.last_kind;
    status.threads_without_timer = c.threads_without_timer;
    status.ring_refused = c.ring_refused;
    status.ring_error = c.ring_error;
    status.signo = c.signo;
  });
  status.handler_replaced = SampleSignalHandlerReplaced(status.signo);
  return status;
}

void StartThreadIfSampling(ThreadState& ts) {
  if (Config().active.load()) StartThread(ts);
}

}  // namespace causalprof
