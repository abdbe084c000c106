// Tuning constants of the native core, in one place, each with its unit in its name.
#pragma once

#include <cstddef>
#include <cstdint>

namespace causalprof {

// Deepest JS stack recorded per sample. Deeper stacks keep their innermost frames.
constexpr size_t kMaxFrames = 64;

// Samples a thread can hold before the drain thread empties its ring. At 1 kHz and a
// 5 ms drain period a ring holds ~25x what one period produces.
constexpr size_t kRingCapacitySamples = 128;

// How often the drain thread empties every ring during an experiment, which must react to
// a hit within ~10 ms (a sample period plus this).
constexpr uint32_t kDrainPeriodMs = 5;
// Sampling alone: drain once per this many sample periods, at most every kMaxDrainPeriodMs
// (each wake-up costs CPU on the program's cores: at 100 Hz a 5 ms period cost more than
// the samples themselves, bench/README.md). The ring must hold a period's samples.
constexpr uint32_t kSamplesPerDrain = 20;
constexpr uint32_t kMaxDrainPeriodMs = 100;
static_assert(kSamplesPerDrain * 4 <= kRingCapacitySamples, "ring too small for a drain period");

// The perf ring (sample --timer ring): how much stack above sp each sample copies (the
// frame walk ends where the copy does: ~4 KB holds 30-odd interpreted frames) and its size
// in pages, a power of two. A sample is ~4.2 KB, so 64 pages hold ~60: three drain
// periods of kSamplesPerDrain. Each thread's ring is locked memory (perf's
// allowance, perf_event_mlock_kb per CPU + RLIMIT_MEMLOCK: ~35 such rings unprivileged
// here), and threads beyond it fall back to a signal timer.
constexpr uint32_t kRingStackBytes = 4096;
constexpr uint32_t kRingDataPages = 64;

// A native sample at an address no mapped object holds means a library was loaded since
// /proc/self/maps was last read: read it again, but no more often than this.
constexpr uint32_t kNativeRescanMs = 500;

}  // namespace causalprof
