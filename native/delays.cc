// ASYNC-SIGNAL-SAFE (PayDelaysSignalSafe and what it calls: Pay, SleepSignalSafe, NowNs): lock-free atomics,
// clock_gettime and nanosleep only. The rest of this file runs on JS threads or the drain thread.
#include "delays.h"

#include <errno.h>
#include <time.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "clock.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

std::atomic<bool> g_active{false};
std::atomic<int64_t> g_global_delay_ns{0};

int64_t NowNs() { return static_cast<int64_t>(MonotonicNs()); }

// Sleeps about `ns` and returns how long it really slept. The overshoot is credited to
// the sleeper alone (it is ahead, and owes that much less next time). Coz instead raises
// the global count to it, which makes every other thread owe each overshoot in turn: on
// this VM (30-80 us per sleep) that fed on itself and inflated the global count by ~70%.
int64_t SleepSignalSafe(int64_t ns) {
  const int64_t start = NowNs();
  timespec req{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  timespec rem;
  // Another signal (SIGCHLD, a sample) must not cut the pause short: sleep the rest.
  while (nanosleep(&req, &rem) != 0 && errno == EINTR) req = rem;
  return NowNs() - start;
}

// Never re-entered: the JS thread pays in CatchUp, and a sampling signal can land in the
// middle of that (in the sleep, or between reading the debt and crediting it); its handler
// would read the same debt and pay it a second time. As in Coz (its per-thread in-use
// flag), the handler leaves a payment in progress to finish. The flag is the thread's own
// and only ever touched by it (the handler runs on the same thread), so a relaxed
// exchange, with a signal fence for the compiler, is enough.
void Pay(ThreadState& ts) {
  if (ts.paying.exchange(true, std::memory_order_relaxed)) return;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  if (!g_active.load(std::memory_order_relaxed)) {
    ts.local_delay_ns.store(g_global_delay_ns.load(std::memory_order_relaxed), std::memory_order_relaxed);
  } else {
    const int64_t global = g_global_delay_ns.load(std::memory_order_relaxed);
    const int64_t local = ts.local_delay_ns.load(std::memory_order_relaxed);
    if (local < global) {
      const int64_t slept = SleepSignalSafe(global - local);
      ts.paid_ns.fetch_add(slept, std::memory_order_relaxed);
      ts.local_delay_ns.fetch_add(slept, std::memory_order_relaxed);
    }
  }
  std::atomic_signal_fence(std::memory_order_seq_cst);
  ts.paying.store(false, std::memory_order_relaxed);
}

std::mutex& InheritMutex() {
  static std::mutex* m = new std::mutex();
  return *m;
}
std::unordered_map<int, int64_t>& Inherited() {
  static auto* m = new std::unordered_map<int, int64_t>();
  return *m;
}
// Worker thread id -> the thread id that created it.
std::unordered_map<int, int>& Parents() {
  static auto* m = new std::unordered_map<int, int>();
  return *m;
}

}  // namespace

// Where a new worker starts, and who made it; set by InheritDelay, read as the worker
// registers and as it ends.
void RecordInheritedDelay(int thread_id, int64_t local_delay_ns);
void RecordParent(int thread_id, int parent_thread_id);

void PayDelaysSignalSafe(ThreadState* ts) {
  if (ts->awaiting_wake_cause.load(std::memory_order_relaxed)) return;
  Pay(*ts);
}

void AddHitDelay(ThreadState& ts, int64_t delay_ns) {
  // The hitting thread counts as having paused already; everyone else now owes delay_ns.
  ts.hit_ns.fetch_add(delay_ns, std::memory_order_relaxed);
  ts.local_delay_ns.fetch_add(delay_ns, std::memory_order_relaxed);
  g_global_delay_ns.fetch_add(delay_ns, std::memory_order_relaxed);
}

void CatchUp(ThreadState& ts) { Pay(ts); }

void BeforeBlock(ThreadState& ts) {
  ts.global_at_block_ns.store(g_global_delay_ns.load(std::memory_order_relaxed), std::memory_order_relaxed);
  ts.awaiting_wake_cause.store(true, std::memory_order_relaxed);
}

void CreditWakeByProfiledThread(ThreadState& ts) {
  if (!ts.awaiting_wake_cause.exchange(false, std::memory_order_relaxed)) return;
  const int64_t inserted = g_global_delay_ns.load(std::memory_order_relaxed) -
                           ts.global_at_block_ns.load(std::memory_order_relaxed);
  if (inserted > 0) {
    ts.local_delay_ns.fetch_add(inserted, std::memory_order_relaxed);
    ts.credited_ns.fetch_add(inserted, std::memory_order_relaxed);
  }
}

void EndWakeWithoutCredit(ThreadState& ts) { ts.awaiting_wake_cause.store(false, std::memory_order_relaxed); }

void SetDelaysActive(bool active) {
  // Start and end level: nobody carries debt from one experiment into the next.
  ForEachThread([](ThreadState& ts) {
    const int64_t global = g_global_delay_ns.load();
    ts.local_delay_ns.store(global);
    ts.global_at_block_ns.store(global);
  });
  g_active.store(active);
}

bool DelaysActive() { return g_active.load(); }

int64_t LargestDebtNs() {
  const int64_t global = g_global_delay_ns.load();
  int64_t largest = 0;
  ForEachThread([&](ThreadState& ts) {
    // A thread blocked in its loop owes nothing yet: the wake decides whether it pays.
    if (ts.awaiting_wake_cause.load()) return;
    const int64_t debt = global - ts.local_delay_ns.load();
    if (debt > largest) largest = debt;
  });
  return largest;
}
int64_t GlobalDelayNs() { return g_global_delay_ns.load(); }

void RecordParent(int thread_id, int parent_thread_id) {
  std::lock_guard<std::mutex> lock(InheritMutex());
  Parents()[thread_id] = parent_thread_id;
}

void WakeParentAtExit(ThreadState& ts) {
  int parent = -1;
  {
    std::lock_guard<std::mutex> lock(InheritMutex());
    auto it = Parents().find(ts.thread_id);
    if (it == Parents().end()) return;
    parent = it->second;
    Parents().erase(it);
  }
  ForEachThread([&](ThreadState& other) {
    if (other.thread_id == parent) CreditWakeByProfiledThread(other);
  });
}

void ThreadEnding(ThreadState& ts) {
  CatchUp(ts);
  WakeParentAtExit(ts);
}

void ReportDelaysAtExit(const ThreadState& ts) {
  static const bool on = getenv("CAUSALPROF_DEBUG_DELAYS") != nullptr;
  if (!on) return;
  fprintf(stderr, "[causalprof delays] %s: paid %.1f ms, skipped %.1f ms, hits %.1f ms, global %.1f ms\n",
          ts.name.c_str(), ts.paid_ns.load() / 1e6, ts.credited_ns.load() / 1e6, ts.hit_ns.load() / 1e6,
          GlobalDelayNs() / 1e6);
}

void InheritDelay(int thread_id, ThreadState* creator) {
  RecordInheritedDelay(thread_id, creator != nullptr ? creator->local_delay_ns.load() : GlobalDelayNs());
  if (creator != nullptr) RecordParent(thread_id, creator->thread_id);
}

void RecordInheritedDelay(int thread_id, int64_t local_delay_ns) {
  // The worker may already be running its preload: apply directly if it registered.
  bool applied = false;
  ForEachThread([&](ThreadState& ts) {
    if (ts.thread_id == thread_id) {
      ts.local_delay_ns.store(local_delay_ns);
      applied = true;
    }
  });
  if (applied) return;
  std::lock_guard<std::mutex> lock(InheritMutex());
  Inherited()[thread_id] = local_delay_ns;
}

void ApplyInheritedDelay(ThreadState& ts) {
  int64_t value = g_global_delay_ns.load();
  {
    std::lock_guard<std::mutex> lock(InheritMutex());
    auto it = Inherited().find(ts.thread_id);
    if (it != Inherited().end()) {
      value = it->second;
      Inherited().erase(it);
    }
  }
  ts.local_delay_ns.store(value);
}

}  // namespace causalprof
