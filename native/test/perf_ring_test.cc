// The kernel's perf ring on this thread.
#include "../perf_ring.h"

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

#include "../config.h"
#include "fixtures.h"

namespace {

using namespace causalprof;

// The kernel's side: a ring on this thread fills while it spins, with registers and stack.
TEST_CASE("PerfRingRecordsThisThreadsRegistersAndStack") {
  PerfRing ring;
  const int err = ring.Open(static_cast<pid_t>(syscall(SYS_gettid)), 1000, kRingStackBytes, kRingDataPages);
  if (err != 0) {
    fprintf(stderr, "  perf ring refused here (%s): not tested\n", strerror(err));
    return;
  }
  volatile uintptr_t marker = 0;
  const uintptr_t here = reinterpret_cast<uintptr_t>(&marker);
  // 60 ms of this thread's CPU time (task-clock counts that, not wall time), so the count
  // does not depend on what else the machine runs.
  auto cpu_ns = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
  };
  const uint64_t end = cpu_ns() + 60000000ull;
  // Mostly in user mode: the task-clock samples only user mode (exclude_kernel), and each
  // clock read is a system call.
  while (cpu_ns() < end) {
    for (int i = 0; i < 100000; i++) marker = marker + 1;
  }
  // Stopped, the ring keeps what it has for the drain (as SampleTimer::Stop relies on), and
  // takes nothing more while this thread goes on running.
  ring.Disable();
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  const uint64_t now_ns =
      static_cast<uint64_t>(now.tv_sec) * 1000000000ull + static_cast<uint64_t>(now.tv_nsec);
  uint64_t last_time = 0;
  size_t with_marker = 0;
  const size_t n = ring.Drain([&](const PerfSample& s) {
    CHECK((s.time_ns > last_time && s.time_ns <= now_ns));  // CLOCK_MONOTONIC, in order
    last_time = s.time_ns;
    CHECK((s.stack_size > 0 && s.stack_size <= kRingStackBytes));
    CHECK(s.sp <= here);
    if (here < s.sp + s.stack_size) with_marker++;  // the copy covers this frame's local
  });
  fprintf(stderr, "  %zu samples in 60 ms of CPU, %zu with this frame in the copy\n", n, with_marker);
  CHECK((n >= 30 && n <= 70));
  CHECK(with_marker >= n * 9 / 10);
  CHECK_EQ(ring.lost(), 0u);
  CHECK_EQ(ring.Drain([](const PerfSample&) {}), 0);  // drained and disabled means empty
  ring.Close();
  CHECK(!ring.is_open());
}

}  // namespace
