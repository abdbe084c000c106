// The sample timer's names and a timer never started.
#include "../sample_timer.h"

#include <doctest/doctest.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.h"

namespace {

using namespace causalprof;

TEST_CASE("TimerKindNames") {
  CHECK(strcmp(TimerKindName(TimerKind::kPerfTaskClock), "perf-task-clock") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kPosixCpuTimer), "posix-cpu-timer") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kPerfRing), "perf-ring") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kNone), "none") == 0);
  SampleTimer never_started;
  never_started.Stop();
  CHECK(never_started.kind() == TimerKind::kNone);
}

}  // namespace
