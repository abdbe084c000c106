// GC windows: when a thread collected, for samples without a VM state.
#include "../gc_windows.h"

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

TEST_CASE("GcWindowsNestAndAnswerInTimeOrder") {
  GcWindows w;
  w.Begin(100);
  w.Begin(110);  // a nested callback: one window
  w.End(150);
  w.End(200);
  w.Begin(300);  // still open
  CHECK(!w.InGc(50));
  CHECK(w.InGc(100));
  CHECK(w.InGc(199));
  CHECK(!w.InGc(200));
  CHECK(!w.InGc(250));
  CHECK(w.InGc(1000));
  w.End(1100);
  CHECK(!w.InGc(1100));
}

}  // namespace
