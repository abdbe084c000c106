// The perf_event task-clock both perf samplers use (a signal per sample in sample_timer.cc,
// the ring in perf_ring.cc): per-thread CPU time, user mode only.
#pragma once

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace causalprof {

// A disabled task-clock event sampling every `interval_us` of CPU time; callers add how
// samples are delivered.
inline perf_event_attr TaskClockAttr(uint32_t interval_us) {
  perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  attr.sample_period = static_cast<uint64_t>(interval_us) * 1000;  // task-clock counts ns
  attr.disabled = 1;
  // Unprivileged (perf_event_paranoid = 2) needs user-only counting.
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return attr;
}

// CAUSALPROF_NO_PERF_EVENT=1 makes perf_event unavailable, as a kernel or container that
// refuses it does, so the POSIX-timer fallback can be chosen and tested anywhere (the agent
// validates the value). Read once, on the first thread to start a timer.
inline bool PerfEventForcedOff() {
  static const bool off = [] {
    const char* v = getenv("CAUSALPROF_NO_PERF_EVENT");
    return v != nullptr && strcmp(v, "1") == 0;
  }();
  return off;
}

// The event for thread `tid` (close-on-exec), or -1 with errno set.
inline int OpenTaskClock(perf_event_attr* attr, pid_t tid) {
  if (PerfEventForcedOff()) {
    errno = ENOENT;  // what a kernel without perf events says
    return -1;
  }
  return static_cast<int>(syscall(SYS_perf_event_open, attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

}  // namespace causalprof
