// Turns a perf ring sample (registers and a copy of the top of the stack) into the same
// RawSample the signal handler writes, so ResolveSample treats both alike. It does the
// frame walk V8's GetStackSample would have done on the live stack, over the copy.
#pragma once

#include "code_map.h"
#include "perf_ring.h"
#include "raw_sample.h"

namespace causalprof {

// `map` must be locked by the caller; `vm_state` is what the caller knows of the thread's
// state at sample time (GC windows), or compat::kJs; `stack_high` is the top of the
// thread's stack, to tell a walk cut short by the copy's end from one that reached the top.
void RawSampleFromCopiedStack(const PerfSample& in, const CodeMap& map, int vm_state, uintptr_t stack_high,
                              RawSample* out);

}  // namespace causalprof
