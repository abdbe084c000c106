// The clocks of the native core, in nanoseconds.
//
// ASYNC-SIGNAL-SAFE: clock_gettime is, and nothing else is done; the signal handler and the
// delay logic it calls use these.
#pragma once

#include <time.h>

#include <cstdint>

namespace causalprof {

inline uint64_t ClockNs(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

// The clock of every timestamp the profiler compares: samples (RawSample::time_ns and the
// perf ring's use_clockid), experiments, GC windows, delays.
inline uint64_t MonotonicNs() { return ClockNs(CLOCK_MONOTONIC); }

// CPU time of the calling thread.
inline uint64_t ThreadCpuNs() { return ClockNs(CLOCK_THREAD_CPUTIME_ID); }

}  // namespace causalprof
