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

// A new worker starts at the count of the thread that created it.
void RecordInheritedDelay(int thread_id, int64_t local_delay_ns);
void ApplyInheritedDelay(ThreadState& state);

// A worker's end wakes the thread that created it, first through its closing message
// ports (before the 'exit' event that JS sees, so the loop's check phase would take it for
// the outside world): the exiting worker marks the wake as its own.
void RecordParent(int thread_id, int parent_thread_id);
void WakeParentAtExit(ThreadState& state);

}  // namespace causalprof
