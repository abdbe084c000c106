// The drain: empties each thread's sample ring, resolves samples to frames and records
// them. One native thread does it every kDrainPeriodMs; a thread also drains itself
// before a code move and when it unregisters.
#pragma once

#include <cstdint>

#include "thread_state.h"

namespace causalprof {

// Caller holds state.drain_mutex.
void DrainThreadLocked(ThreadState& state);
// Drains every registered thread now.
void DrainAll();
// Starts the periodic drain thread (idempotent).
void StartDrainThread();
// Sampling alone drains every kSamplesPerDrain samples' worth of time (between
// kDrainPeriodMs and kMaxDrainPeriodMs); during an experiment, every kDrainPeriodMs.
void SetSamplingIntervalForDrain(uint32_t interval_us);
uint32_t DrainPeriodMs();

// What draining has cost (the periodic thread's CPU time) and how many samples it handled
// (all drains, periodic or not), for the overhead benchmark.
struct DrainStats {
  uint64_t periodic_cpu_ns;
  uint64_t samples;
};
DrainStats CurrentDrainStats();

}  // namespace causalprof
