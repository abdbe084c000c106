// ASYNC-SIGNAL-SAFE: everything in this file runs inside the sampling signal handler
// (except InstallSampleSignalHandler and SampleSignalHandlerReplaced). No allocation, no locks, no V8
// handles; errno is saved and restored; thread state is reached only through initial-exec TLS.
#include "signal_handler.h"

#include <errno.h>
#include <signal.h>
#include <ucontext.h>

#include <atomic>
#include <mutex>

#include "clock.h"
#include "delays.h"
#include "thread_registry.h"
#include "v8_compat.h"

namespace causalprof {

namespace {

using compat::kBytecodeArrayFromFp;
using compat::kBytecodeOffsetFromFp;

inline bool OnStack(const ThreadState* ts, uintptr_t address) {
  return address >= ts->stack_low && address + sizeof(uintptr_t) <= ts->stack_high &&
         (address & (sizeof(uintptr_t) - 1)) == 0;
}

// A word of this thread's live stack (OnStack checked that it lies within it). Not
// instrumented: the interrupted frame can be any frame, ours included, and the word read
// may sit in that frame's AddressSanitizer redzone: mapped memory this thread owns, which
// the sanitizer poisons (it reported exactly this, from CodeMap::Add's frame).
__attribute__((no_sanitize("address"))) inline uintptr_t ReadWord(uintptr_t address) {
  return *reinterpret_cast<const uintptr_t*>(address);
}

void RecordSample(ThreadState* ts, const siginfo_t* info, const ucontext_t* uc) {
  RawSample* s = ts->ring.TryReserve();
  if (s == nullptr) return;  // ring full: counted by the ring, drained soon

  const greg_t* regs = uc->uc_mcontext.gregs;
  s->pc = static_cast<uintptr_t>(regs[REG_RIP]);
  s->sp = static_cast<uintptr_t>(regs[REG_RSP]);
  s->fp = static_cast<uintptr_t>(regs[REG_RBP]);
  s->r9 = static_cast<uintptr_t>(regs[REG_R9]);
  s->r12 = static_cast<uintptr_t>(regs[REG_R12]);

  // Stack words are read only inside this thread's own stack, so a garbage fp cannot fault.
  s->stack_words_valid = OnStack(ts, s->sp) && OnStack(ts, s->fp + kBytecodeOffsetFromFp) &&
                         OnStack(ts, s->fp + kBytecodeArrayFromFp);
  if (s->stack_words_valid) {
    s->word_at_sp = ReadWord(s->sp);
    s->frame_bytecode = ReadWord(s->fp + kBytecodeArrayFromFp);
    s->frame_offset_smi = ReadWord(s->fp + kBytecodeOffsetFromFp);
  } else {
    s->word_at_sp = s->frame_bytecode = s->frame_offset_smi = 0;
  }

  v8::RegisterState state;
  state.pc = reinterpret_cast<void*>(s->pc);
  state.sp = reinterpret_cast<void*>(s->sp);
  state.fp = reinterpret_cast<void*>(s->fp);
  v8::SampleInfo sample_info;
  sample_info.frames_count = 0;
  ts->isolate->GetStackSample(state, s->frames, kMaxFrames, &sample_info);
  s->frame_count = static_cast<uint32_t>(sample_info.frames_count);
  // V8 stopped at our limit: the outer frames are left out (a stack of exactly kMaxFrames
  // is marked too).
  s->stack_truncated = s->frame_count >= kMaxFrames;
  s->vm_state = static_cast<int32_t>(sample_info.vm_state);

  // A POSIX CPU timer at 1 kHz fires at the kernel tick: one signal stands for 1 + overrun
  // periods. perf_event delivers one signal per period (si_code POLL_IN).
  s->weight = info->si_code == SI_TIMER ? 1u + static_cast<uint32_t>(info->si_overrun) : 1u;
  s->time_ns = MonotonicNs();
  const uint64_t cpu = ThreadCpuNs();
  s->cpu_ns = ts->cpu_at_last_sample_ns == 0 ? 0 : cpu - ts->cpu_at_last_sample_ns;
  ts->cpu_at_last_sample_ns = cpu;
  ts->ring.Commit();
  ts->samples_taken.fetch_add(1, std::memory_order_relaxed);
}

void OnSampleSignal(int, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  ThreadState* ts = tls_thread_state;
  std::atomic_signal_fence(std::memory_order_acquire);
  if (ts != nullptr && ts->sampling.load(std::memory_order_relaxed)) {
    RecordSample(ts, info, static_cast<const ucontext_t*>(context));
    PayDelaysSignalSafe(ts);
  }
  errno = saved_errno;
}

}  // namespace

int InstallSampleSignalHandler() {
  static std::once_flag once;
  static int signo = -1;
  std::call_once(once, [] {
    // The first real-time signal nobody handles: a program's own handler, or a second
    // copy of this addon loaded from another path (its own statics and TLS), may hold one
    // already, and taking it over would send their signals here and ours nowhere.
    for (int candidate = SIGRTMIN + 4; candidate <= SIGRTMAX; candidate++) {
      struct sigaction current {};
      if (sigaction(candidate, nullptr, &current) != 0) continue;
      const bool free = (current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_DFL;
      if (!free) continue;
      struct sigaction action {};
      action.sa_sigaction = OnSampleSignal;
      action.sa_flags = SA_SIGINFO | SA_RESTART;
      sigemptyset(&action.sa_mask);
      if (sigaction(candidate, &action, nullptr) == 0) {
        signo = candidate;
        return;
      }
    }
  });
  return signo;
}

bool SampleSignalHandlerReplaced(int signo) {
  if (signo <= 0) return false;
  struct sigaction current {};
  if (sigaction(signo, nullptr, &current) != 0) return false;
  return (current.sa_flags & SA_SIGINFO) == 0 || current.sa_sigaction != OnSampleSignal;
}

}  // namespace causalprof
