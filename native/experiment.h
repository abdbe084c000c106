// The native half of an experiment: which line is selected and how big a hit's delay is,
// what the drain sees in each sample (site, hit), and per-site sample counts from which
// the driver (lib/causal/driver.ts) picks the next line. The policy lives in TypeScript.
#pragma once

#include <cstdint>
#include <vector>

#include "frame_resolver.h"
#include "thread_state.h"

namespace causalprof {

struct ExperimentCounts {
  int64_t delay_ns = 0;           // global delay inserted during the experiment
  uint64_t selected_samples = 0;  // samples with the selected line anywhere on the stack
  uint64_t total_samples = 0;     // all samples, every thread
};

struct SiteCount {
  uint32_t file_id;
  int32_t line;
  uint64_t samples;
  uint32_t function_id;  // of the site's most recent sample (a line is in one function but for inlining)
};

void StartExperiment(uint32_t file_id, int32_t line, int64_t delay_per_hit_ns);
ExperimentCounts EndExperiment();

// Which files are the program's own (sites are the innermost frame in one of them).
void SetFileInScope(uint32_t file_id, bool in_scope);

// Drain thread, for every resolved sample of `state`.
void ObserveSample(ThreadState& state, const ResolvedStack& stack, uint32_t weight, uint64_t taken_at_ns);

// Samples per site since the last such call (since_last_take), or since the start.
std::vector<SiteCount> SiteCounts(bool since_last_take);

}  // namespace causalprof
