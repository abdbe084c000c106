// Everything the profiler keeps about one registered JS thread (main or worker).
#pragma once

#include <pthread.h>
#include <sys/types.h>
#include <v8.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "code_map.h"
#include "gc_windows.h"
#include "sample_ring.h"
#include "sample_timer.h"

namespace causalprof {

struct ThreadState {
  // Identity, fixed at registration.
  int thread_id = 0;  // worker_threads.threadId (0 = main)
  std::string name;
  pid_t tid = 0;
  pthread_t pthread{};
  v8::Isolate* isolate = nullptr;
  uintptr_t stack_low = 0;  // bounds for reading stack words in the signal handler
  uintptr_t stack_high = 0;

  // Filled by this thread's signal handler, emptied by the drain thread.
  SampleRing ring;
  // Serialises consumers of ring and, with code_map.mutex, keeps resolution consistent
  // with the code map: a code move drains the ring before it is applied.
  std::mutex drain_mutex;
  CodeMap code_map;
  SampleTimer timer;
  // For samples from the perf ring, which carry no VM state: when this thread collected.
  GcWindows gc_windows;

  std::atomic<bool> sampling{false};
  // The signal handler's own: this thread's CPU time at its previous sample (0 before the
  // first), so each sample knows the CPU time it stands for.
  uint64_t cpu_at_last_sample_ns = 0;
  uint64_t interval_ns = 0;  // the sampling period, set when this thread's timer starts

  // Delays (delays.cc): what this thread has paid or been credited, the global count
  // when it last blocked, and whether it has woken without knowing why yet.
  std::atomic<int64_t> local_delay_ns{0};
  std::atomic<int64_t> global_at_block_ns{0};
  std::atomic<bool> awaiting_wake_cause{false};
  // Set while this thread pays (delays.cc, Pay): a sampling signal landing inside a payment
  // from the JS thread (CatchUp before a wake) must not start a second one in its handler.
  std::atomic<bool> paying{false};
  // Totals for diagnosis (status(), CAUSALPROF_DEBUG_DELAYS): slept, skipped on wakes, hits.
  std::atomic<int64_t> paid_ns{0};
  std::atomic<int64_t> credited_ns{0};
  std::atomic<int64_t> hit_ns{0};
  std::atomic<uint64_t> samples_taken{0};
  std::atomic<uint64_t> samples_without_frames{0};
  std::atomic<uint64_t> ring_lost{0};  // perf ring samples the kernel dropped (ring full)
};

}  // namespace causalprof
