// The native half of an experiment: which site is selected and how big a hit's delay is,
// what the drain sees in each sample (site, hit), and per-site sample counts from which
// the driver (lib/causal/driver.ts) picks the next site. The policy lives in TypeScript.
//
// A site is a JS line (file, line > 0), or a native function (line 0, named by its
// function id): a JS site is hit when the line is anywhere on the sample's stack, a native
// one when the sample's leaf runs in that function.
#pragma once

#include <cstdint>
#include <vector>

#include "frame_resolver.h"
#include "thread_state.h"

namespace causalprof {

struct ExperimentCounts {
  int64_t delay_ns = 0;           // global delay inserted during the experiment
  uint64_t selected_samples = 0;  // samples with the selected site on the stack
  uint64_t total_samples = 0;     // all samples, every thread
  int64_t unpaid_ns = 0;          // the most a thread still owed at the end (never paid)
};

struct SiteCount {
  uint32_t file_id;
  int32_t line;  // 0: a native function's site
  uint64_t samples;
  uint32_t function_id;  // of the site's most recent sample (a line is in one function but for inlining)
};

// Samples taken while no delay was being inserted (outside experiments, and in those at 0%),
// which are what a conventional profile sees: per site, those with the site anywhere on
// the stack (the scaled-sample column's share), and in all.
struct UndelayedCounts {
  std::vector<SiteCount> inclusive;
  uint64_t total = 0;
};

// The delay a hit inserts: `delay_per_period_ns` (the speedup times one sampling period)
// scaled to the CPU time the sample stands for, or, where that is not known or not
// believable (a clock that jumped), times the periods it stands for.
int64_t HitDelayNs(int64_t delay_per_period_ns, const RawSample& sample, uint64_t interval_ns);

void StartExperiment(uint32_t file_id, int32_t line, uint32_t function_id, int64_t delay_per_hit_ns);
ExperimentCounts EndExperiment();

// Which files are the program's own (a JS site is the innermost frame in one of them), and
// which native functions may be sites.
void SetFileInScope(uint32_t file_id, bool in_scope);
void SetNativeFunctionInScope(uint32_t function_id, bool in_scope);

// Drain thread, for every resolved sample of `state`.
void ObserveSample(ThreadState& state, const ResolvedStack& stack, const RawSample& sample,
                   uint64_t taken_at_ns);

// Samples per site (innermost in-scope frame) since the last such call (since_last_take),
// or since the start.
std::vector<SiteCount> SiteCounts(bool since_last_take);
UndelayedCounts UndelayedSiteCounts();

}  // namespace causalprof
