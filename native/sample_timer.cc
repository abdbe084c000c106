#include "sample_timer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

#include "config.h"
#include "task_clock.h"

namespace causalprof {

const char* TimerKindName(TimerKind kind) {
  switch (kind) {
    case TimerKind::kPerfTaskClock:
      return "perf-task-clock";
    case TimerKind::kPosixCpuTimer:
      return "posix-cpu-timer";
    case TimerKind::kPerfRing:
      return "perf-ring";
    default:
      return "none";
  }
}

namespace {

int OpenSignalingTaskClock(pid_t tid, uint32_t interval_us, int signo) {
  perf_event_attr attr = TaskClockAttr(interval_us);
  attr.wakeup_events = 1;
  const int fd = OpenTaskClock(&attr, tid);
  if (fd < 0) return -1;
  f_owner_ex owner{F_OWNER_TID, tid};
  if (fcntl(fd, F_SETFL, O_ASYNC) != 0 || fcntl(fd, F_SETSIG, signo) != 0 ||
      fcntl(fd, F_SETOWN_EX, &owner) != 0 || ioctl(fd, PERF_EVENT_IOC_RESET, 0) != 0 ||
      ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

TimerKind SampleTimer::Start(pid_t tid, pthread_t thread, uint32_t interval_us, int signo, TimerMode mode) {
  Stop();
  ring_error_ = 0;
  if (mode == TimerMode::kPerfRing) {
    ring_error_ = ring_.Open(tid, interval_us, kRingStackBytes, kRingDataPages);
    if (ring_error_ == 0) return kind_ = TimerKind::kPerfRing;
  }
  if (mode != TimerMode::kPosix) {
    perf_fd_ = OpenSignalingTaskClock(tid, interval_us, signo);
    if (perf_fd_ >= 0) return kind_ = TimerKind::kPerfTaskClock;
  }
  clockid_t clock;
  if (pthread_getcpuclockid(thread, &clock) != 0) return kind_ = TimerKind::kNone;
  sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_signo = signo;
  sev._sigev_un._tid = tid;
  if (timer_create(clock, &sev, &posix_timer_) != 0) return kind_ = TimerKind::kNone;
  itimerspec spec;
  spec.it_interval.tv_sec = interval_us / 1000000;
  spec.it_interval.tv_nsec = static_cast<long>(interval_us % 1000000) * 1000;
  spec.it_value = spec.it_interval;
  if (timer_settime(posix_timer_, 0, &spec, nullptr) != 0) {
    timer_delete(posix_timer_);
    return kind_ = TimerKind::kNone;
  }
  return kind_ = TimerKind::kPosixCpuTimer;
}

void SampleTimer::Stop() {
  if (kind_ == TimerKind::kPerfRing) {
    // Leaves the samples in the ring: the caller drains them, then closes it.
    ring_.Disable();
  } else if (kind_ == TimerKind::kPerfTaskClock) {
    ioctl(perf_fd_, PERF_EVENT_IOC_DISABLE, 0);
    close(perf_fd_);
    perf_fd_ = -1;
  } else if (kind_ == TimerKind::kPosixCpuTimer) {
    timer_delete(posix_timer_);
  }
  kind_ = TimerKind::kNone;
}

}  // namespace causalprof
