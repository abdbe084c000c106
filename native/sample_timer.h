// Per-thread CPU-time timers that deliver the sampling signal to one thread.
// perf_event task-clock gives a true per-thread 1 kHz; the POSIX CPU-time timer is the
// fallback where perf_event_open is refused (it fires at the kernel tick, so samples are
// weighted by 1 + overruns).
#pragma once

#include <pthread.h>
#include <sys/types.h>
#include <time.h>

#include <cstdint>

namespace causalprof {

enum class TimerKind : int { kNone = 0, kPerfTaskClock = 1, kPosixCpuTimer = 2 };

const char* TimerKindName(TimerKind kind);

class SampleTimer {
 public:
  // Starts delivering `signo` to thread `tid` every `interval_us` of its CPU time.
  // Tries perf_event first unless `force_posix`. Returns the kind started (kNone on failure).
  TimerKind Start(pid_t tid, pthread_t thread, uint32_t interval_us, int signo, bool force_posix);
  void Stop();
  TimerKind kind() const { return kind_; }

 private:
  TimerKind kind_ = TimerKind::kNone;
  int perf_fd_ = -1;
  timer_t posix_timer_{};
};

}  // namespace causalprof
