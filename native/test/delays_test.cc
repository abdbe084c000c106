// The delay rules (native/delays.h; docs/causal-profiling.md, "Delays" and "Waiting"), on
// thread states with no V8 behind them: what a thread pays, and when it skips.
#include "../delays.h"

#include <doctest/doctest.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <thread>

#include "../clock.h"
#include "../thread_registry.h"

namespace {

using namespace causalprof;

constexpr int64_t kMs = 1000000;

// Two registered threads: the one whose line is hit, and another that owes for it.
struct Threads {
  std::unique_ptr<ThreadState> hitter = std::make_unique<ThreadState>();
  std::unique_ptr<ThreadState> other = std::make_unique<ThreadState>();
  Threads() {
    hitter->thread_id = 1;
    other->thread_id = 2;
    AddToRegistry(hitter.get(), [](ThreadState&) {});
    AddToRegistry(other.get(), [](ThreadState&) {});
    SetDelaysActive(true);  // everyone level with the global count
  }
  ~Threads() {
    SetDelaysActive(false);
    RemoveFromRegistry(hitter.get());
    RemoveFromRegistry(other.get());
  }
};

TEST_CASE("AHitIsOwedByTheOthersAndPaidBySleepingForIt") {
  Threads t;
  AddHitDelay(*t.hitter, 2 * kMs);
  CHECK(t.hitter->local_delay_ns.load() == GlobalDelayNs());  // counts as paused already
  CHECK(LargestDebtNs() == 2 * kMs);
  CatchUp(*t.other);
  // It slept at least what it owed, and is credited with what it slept (overshoot too).
  CHECK(t.other->paid_ns.load() >= 2 * kMs);
  CHECK(t.other->local_delay_ns.load() >= GlobalDelayNs());
  CHECK(LargestDebtNs() <= 0);
  const int64_t paid = t.other->paid_ns.load();
  CatchUp(*t.other);  // the overshoot it slept is credit: nothing more to pay
  CHECK(t.other->paid_ns.load() == paid);
}

TEST_CASE("NoDelayIsSleptOutsideAnExperiment") {
  Threads t;
  SetDelaysActive(false);
  AddHitDelay(*t.hitter, 2 * kMs);
  CatchUp(*t.other);
  CHECK(t.other->paid_ns.load() == 0);
  CHECK(t.other->local_delay_ns.load() == GlobalDelayNs());
}

TEST_CASE("AThreadWokenByAnotherSkipsWhatWasInsertedWhileItWaited") {
  Threads t;
  BeforeBlock(*t.other);
  AddHitDelay(*t.hitter, 3 * kMs);
  CHECK(LargestDebtNs() == 0);  // blocked: what it owes waits for the cause of its wake
  PayDelaysSignalSafe(t.other.get());
  CHECK(t.other->paid_ns.load() == 0);  // nor does its handler pay before the cause is known
  CreditWakeByProfiledThread(*t.other);
  CHECK(t.other->credited_ns.load() == 3 * kMs);
  CatchUp(*t.other);
  CHECK(t.other->paid_ns.load() == 0);
}

TEST_CASE("AThreadWokenByTheOutsideWorldPays") {
  Threads t;
  BeforeBlock(*t.other);
  AddHitDelay(*t.hitter, 1 * kMs);
  EndWakeWithoutCredit(*t.other);  // the check phase: no message claimed the wake
  CatchUp(*t.other);
  CHECK(t.other->paid_ns.load() >= 1 * kMs);
  CHECK(t.other->credited_ns.load() == 0);
}

TEST_CASE("ExperimentsStartAndEndLevel") {
  Threads t;
  AddHitDelay(*t.hitter, 5 * kMs);
  SetDelaysActive(false);
  SetDelaysActive(true);
  CHECK(t.other->local_delay_ns.load() == GlobalDelayNs());
  CHECK(LargestDebtNs() == 0);
}

TEST_CASE("ANewWorkerStartsAtItsCreatorsCount") {
  Threads t;
  AddHitDelay(*t.hitter, 4 * kMs);
  InheritDelay(7, t.hitter.get());  // before worker 7 registers
  ThreadState worker;
  worker.thread_id = 7;
  ApplyInheritedDelay(worker);
  CHECK(worker.local_delay_ns.load() == t.hitter->local_delay_ns.load());
  ThreadState unknown;
  unknown.thread_id = 8;
  ApplyInheritedDelay(unknown);  // nothing recorded: the global count
  CHECK(unknown.local_delay_ns.load() == GlobalDelayNs());
}

}  // namespace

namespace {

// The thread the handler pays for, as the sampling signal handler pays for its own thread.
ThreadState* g_signalled = nullptr;

void PayFromHandler(int) {
  const int saved = errno;
  PayDelaysSignalSafe(g_signalled);
  errno = saved;
}

}  // namespace

// CatchUp pays on the JS thread; a sampling signal landing inside that payment (in its
// sleep) runs the handler's payment on the same thread. It must leave the payment in
// progress alone: paid again, the debt would be slept two or three times over.
TEST_CASE("APaymentInterruptedBySamplingSignalsIsPaidOnce") {
  Threads t;
  struct sigaction handler {};
  struct sigaction saved {};
  handler.sa_handler = PayFromHandler;
  sigemptyset(&handler.sa_mask);
  handler.sa_flags = SA_RESTART;
  REQUIRE(sigaction(SIGUSR2, &handler, &saved) == 0);
  g_signalled = t.other.get();
  const pthread_t self = pthread_self();
  constexpr int64_t kDebt = 10 * kMs;
  for (int i = 0; i < 40; ++i) {
    AddHitDelay(*t.hitter, kDebt);
    // What it owes: the debt less the overshoot it slept last time (credited to it).
    const int64_t owed = GlobalDelayNs() - t.other->local_delay_ns.load();
    const int64_t before = t.other->paid_ns.load();
    std::atomic<bool> done{false};
    std::thread poker([&] {  // a sample every 300 us while it pays, as a 3 kHz timer would
      while (!done.load()) {
        pthread_kill(self, SIGUSR2);
        usleep(300);
      }
    });
    const uint64_t start = MonotonicNs();
    CatchUp(*t.other);
    const int64_t elapsed = static_cast<int64_t>(MonotonicNs() - start);
    done.store(true);
    poker.join();
    const int64_t paid = t.other->paid_ns.load() - before;
    CHECK(paid >= owed);
    // Paid once, it slept no longer than the call took (the signals' interruptions make the
    // sleep overshoot, and that is credited, not paid twice). A second payment from the
    // handler would sleep inside the first and count again: paid ~ elapsed + owed.
    CHECK(paid <= elapsed);
    CHECK(t.other->local_delay_ns.load() >= GlobalDelayNs());
    CHECK_FALSE(t.other->paying.load());
  }
  sigaction(SIGUSR2, &saved, nullptr);
}
