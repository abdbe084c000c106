// Turns a perf ring sample (registers and a copy of the top of the stack) into the same
// RawSample the signal handler writes, so ResolveSample treats both alike. It does the
// frame walk V8's GetStackSample would have done on the live stack, over the copy.
#pragma once

#include "code_map.h"
#include "perf_ring.h"
#include "raw_sample.h"

namespace causalprof {

// `map` must be locked by the caller; `in_gc` is whether the thread was collecting at the
// sample's time (its GC windows); `stack_high` is the top of the thread's stack, to tell a
// walk cut short by the copy's end from one that reached the top.
//
// The copy has no V8 VM state: the sample's is GC if `in_gc`, else native where the pc is
// outside any code V8 generated (a callback, the runtime, the compiler: GetStackSample would
// tell these apart, the registers cannot), else JS.
void RawSampleFromCopiedStack(const PerfSample& in, const CodeMap& map, bool in_gc, uintptr_t stack_high,
                              RawSample* out);

}  // namespace causalprof
