// The delay rules (native/delays.h; docs/causal-profiling.md, "Delays" and "Waiting"), on
// thread states with no V8 behind them: what a thread pays, and when it skips.
#include "../delays.h"

#include <doctest/doctest.h>

#include <memory>

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
