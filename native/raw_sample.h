// What the signal handler records about one sample. Plain data: written in a signal
// handler, read by the drain thread, resolved to lines there.
#pragma once

#include <cstdint>

#include "config.h"

namespace causalprof {

struct RawSample {
  uint64_t time_ns;  // CLOCK_MONOTONIC when taken
  uint32_t weight;   // timer periods this sample stands for (1 + timer overruns)
  // CPU time of the sampled thread since its previous sample (0: not known, as for the first
  // sample and the perf ring's): what a hit stands for, since a timer fires a little off its
  // period (perf task-clock here: 1015-1030 samples per CPU second at 1 kHz).
  uint64_t cpu_ns;
  int32_t vm_state;      // v8::StateTag
  uint32_t frame_count;  // entries of frames[] filled by GetStackSample
  // Registers and stack words the resolver needs to recover the running function,
  // which GetStackSample leaves out (see docs: node-sampling-facts.md).
  uintptr_t pc;
  uintptr_t sp;
  uintptr_t fp;
  uintptr_t r9;                // interpreter: live bytecode offset
  uintptr_t r12;               // interpreter: bytecode array (tagged)
  uintptr_t word_at_sp;        // return address if pc is in a frameless builtin
  uintptr_t frame_bytecode;    // [fp - 32]: interpreted frame's bytecode array
  uintptr_t frame_offset_smi;  // [fp - 40]: interpreted frame's bytecode offset (Smi)
  bool stack_words_valid;      // the three words above were read from the thread's stack
  bool stack_truncated;        // outer frames left out: kMaxFrames reached, or the end of a stack copy
  void* frames[kMaxFrames];
};

}  // namespace causalprof
