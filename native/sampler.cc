#include "sampler.h"

#include <atomic>

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
  bool force_posix = false;
  int signo = 0;
  TimerKind last_kind = TimerKind::kNone;
  int threads_without_timer = 0;
};

SamplerConfig& Config() {
  static SamplerConfig* c = new SamplerConfig();
  return *c;
}

void StartThread(ThreadState& ts) {
  SamplerConfig& c = Config();
  const TimerKind kind = ts.timer.Start(ts.tid, ts.pthread, c.interval_us, c.signo, c.force_posix);
  if (kind == TimerKind::kNone) {
    c.threads_without_timer++;
    return;
  }
  c.last_kind = kind;
  ts.sampling.store(true, std::memory_order_release);
}

}  // namespace

SamplerStatus StartSampling(uint32_t interval_us, bool force_posix_timer) {
  const int signo = InstallSampleSignalHandler();
  StartDrainThread();
  WithRegistryLocked([&](const std::vector<ThreadState*>& threads) {
    SamplerConfig& c = Config();
    if (c.active.load()) return;  // already running with the first caller's settings
    c.interval_us = interval_us;
    SetSamplingIntervalForDrain(interval_us);
    c.force_posix = force_posix_timer;
    c.signo = signo;
    c.threads_without_timer = 0;
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
}

SamplerStatus CurrentSamplerStatus() {
  SamplerStatus status;
  WithRegistryLocked([&](const std::vector<ThreadState*>&) {
    const SamplerConfig& c = Config();
    status.active = c.active.load();
    status.interval_us = c.interval_us;
    status.timer = c.last_kind;
    status.threads_without_timer = c.threads_without_timer;
  });
  return status;
}

void StartThreadIfSampling(ThreadState& ts) {
  if (Config().active.load()) StartThread(ts);
}

}  // namespace causalprof
