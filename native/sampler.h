// Process-wide sampling control: which timer, what interval, on which threads.
#pragma once

#include <cstdint>
#include <string>

#include "sample_timer.h"
#include "thread_state.h"

namespace causalprof {

struct SamplerStatus {
  bool active = false;
  uint32_t interval_us = 0;
  TimerKind timer = TimerKind::kNone;  // the kind the most recent thread got
  int threads_without_timer = 0;
  // Threads that asked for the perf ring and fell back to a signal timer, and the last
  // errno that refused it.
  int ring_refused = 0;
  int ring_error = 0;
  // The sampling signal (-1: no real-time signal was free), and whether another handler
  // has replaced ours on it since.
  int signo = 0;
  bool handler_replaced = false;
};

// Starts sampling every registered thread (and each thread registered later).
SamplerStatus StartSampling(uint32_t interval_us, TimerMode mode);
// Stops every timer and drains every ring.
void StopSampling();
SamplerStatus CurrentSamplerStatus();

// Called for a newly registered thread, under the registry lock.
void StartThreadIfSampling(ThreadState& state);

}  // namespace causalprof
