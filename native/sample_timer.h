// Per-thread CPU-time timers. Two deliver the sampling signal to one thread: perf_event
// task-clock gives a true per-thread 1 kHz; the POSIX CPU-time timer is the fallback where
// perf_event_open is refused (it fires at the kernel tick, so samples are weighted by
// 1 + overruns). The third, the perf ring, raises no signal: the kernel copies registers
// and stack into a ring the drain thread reads (perf_ring.h).
#pragma once

#include <pthread.h>
#include <sys/types.h>
#include <time.h>

#include <cstdint>

#include "perf_ring.h"

namespace causalprof {

enum class TimerKind : int { kNone = 0, kPerfTaskClock = 1, kPosixCpuTimer = 2, kPerfRing = 3 };

// What the caller asked for; each falls back to the next where the kernel refuses it.
enum class TimerMode : int {
  kPerfSignal = 0,  // perf_event with a signal per sample, else POSIX
  kPosix = 1,       // POSIX CPU-time timer only
  kPerfRing = 2,    // perf ring without signals, else perf_event with signals, else POSIX
};

const char* TimerKindName(TimerKind kind);

class SampleTimer {
 public:
  // Starts sampling thread `tid` every `interval_us` of its CPU time, by `signo` or into
  // the ring. Returns the kind started (kNone on failure).
  TimerKind Start(pid_t tid, pthread_t thread, uint32_t interval_us, int signo, TimerMode mode);
  void Stop();
  TimerKind kind() const { return kind_; }
  // The ring of a kPerfRing timer, open from Start until CloseRing (Stop leaves it
  // readable for a last drain). Start, CloseRing and the ring's consumer hold the
  // thread's drain_mutex.
  PerfRing& ring() { return ring_; }
  void CloseRing() { ring_.Close(); }
  // Why the ring was not used, when it was asked for and refused (an errno), else 0.
  int ring_error() const { return ring_error_; }

 private:
  TimerKind kind_ = TimerKind::kNone;
  int perf_fd_ = -1;
  timer_t posix_timer_{};
  PerfRing ring_;
  int ring_error_ = 0;
};

}  // namespace causalprof
