// Virtual speedup by delays (docs/causal-profiling.md, "The delay mechanism"): one
// process-wide global delay count and one local count per thread, in nanoseconds. A hit
// on the selected line adds the delay to the sampled thread's local count and to the
// global count; every thread behind the global count sleeps the difference and credits
// the time it actually slept.
#pragma once

#include <cstdint>

#include "thread_state.h"

namespace causalprof {

// ASYNC-SIGNAL-SAFE: called from the sampling signal handler. Pays what this thread owes
// unless it has just woken from its event loop and the cause is not yet known.
void PayDelaysSignalSafe(ThreadState* state);

// A hit on the selected line seen by the drain for `state`: it is treated as having
// paused already, so the others now owe `delay_ns` more.
void AddHitDelay(ThreadState& state, int64_t delay_ns);

// Pays what the calling thread owes now (before it wakes another thread, before it
// exits, and after an event-loop wake).
void CatchUp(ThreadState& state);

// Around a wait: record the global count on blocking; on waking, a thread woken by
// another profiled thread skips the delays inserted while it waited, one woken by a
// timer or the outside world owes them.
void BeforeBlock(ThreadState& state);
void CreditWakeByProfiledThread(ThreadState& state);
void EndWakeWithoutCredit(ThreadState& state);

// Experiment boundaries: the global count starts counting, and every thread starts level.
void SetDelaysActive(bool active);
bool DelaysActive();
int64_t GlobalDelayNs();
// The most any registered thread that is not blocked in its event loop owes now
// (global - local): at an experiment's end, delay counted as inserted that it has not paid.
int64_t LargestDebtNs();

// A new worker starts at the count of the thread that created it: `creator` is the thread
// that made worker `thread_id` (nullptr if it is not registered: the global count).
void InheritDelay(int thread_id, ThreadState* creator);
void ApplyInheritedDelay(ThreadState& state);

// A worker is ending (its 'exit' event, or its environment's cleanup): it pays what it owes,
// then marks the wake of the thread that created it as its own. Idempotent enough to run at
// both: a second call pays nothing and finds no parent left to wake.
void ThreadEnding(ThreadState& state);

// With CAUSALPROF_DEBUG_DELAYS set, one line on stderr of what a thread paid, skipped and
// hit, when it unregisters.
void ReportDelaysAtExit(const ThreadState& state);

// A worker's end wakes the thread that created it, first through its closing message
// ports (before the 'exit' event that JS sees, so the loop's check phase would take it for
// the outside world): the exiting worker marks the wake as its own (ThreadEnding).
void WakeParentAtExit(ThreadState& state);

}  // namespace causalprof
