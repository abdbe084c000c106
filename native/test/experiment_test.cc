// What an experiment makes of each sample (native/experiment.h): which site it has, whether
// it hits the selected one, the delay a hit inserts, and the undelayed counts.
#include "../experiment.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

#include "../delays.h"
#include "../function_table.h"
#include "fixtures.h"

namespace {

using namespace causalprof;

RawSample SampleStandingFor(uint64_t cpu_ns, uint32_t weight = 1) {
  RawSample s = JsSample();
  s.cpu_ns = cpu_ns;
  s.weight = weight;
  return s;
}

TEST_CASE("AHitsDelayIsTheSpeedupOfTheCpuTimeItsSampleStandsFor") {
  constexpr uint64_t kPeriod = 1000000;  // 1 ms
  CHECK(HitDelayNs(500000, SampleStandingFor(1020000), kPeriod) == 510000);
  CHECK(HitDelayNs(500000, SampleStandingFor(3000000, 3), kPeriod) == 1500000);
  CHECK(HitDelayNs(500000, SampleStandingFor(0), kPeriod) == 500000);             // not known
  CHECK(HitDelayNs(500000, SampleStandingFor(0, 3), kPeriod) == 1500000);         // by periods
  CHECK(HitDelayNs(500000, SampleStandingFor(10 * kPeriod), kPeriod) == 500000);  // not believable
}

ResolvedStack Stack(std::initializer_list<FrameKey> frames) {
  ResolvedStack s;
  for (FrameKey f : frames) s.frames[s.count++] = f;
  return s;
}

TEST_CASE("HitsOnALineAnywhereOnTheStackAndOnANativeFunctionOnlyWhereItRuns") {
  const uint32_t f = Functions().Intern("f", "/exp.js", 1);
  const uint32_t g = Functions().Intern("g", "/exp.js", 20);
  const uint32_t deflate = Functions().InternNative("deflate_slow", "deflate_slow", "/exp/libz.so");
  const uint32_t file = Functions().FileOf(f);
  SetFileInScope(file, true);
  SetNativeFunctionInScope(deflate, true);
  ThreadState ts;
  ts.interval_ns = 1000000;
  const RawSample sample = SampleStandingFor(1000000);
  const auto now = [] {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
  };

  // A JS line: hit wherever it is on the stack, once per sample.
  StartExperiment(file, 5, 0, 400000);
  const int64_t start = GlobalDelayNs();
  ObserveSample(ts, Stack({MakeFrame(g, 22), MakeFrame(f, 5)}), sample, now());
  ObserveSample(ts, Stack({MakeFrame(f, 5)}), sample, now());
  ObserveSample(ts, Stack({MakeFrame(f, 6)}), sample, now());
  ExperimentCounts c = EndExperiment();
  CHECK(c.selected_samples == 2);
  CHECK(c.total_samples == 3);
  CHECK(c.delay_ns == 800000);
  CHECK(GlobalDelayNs() - start == 800000);

  // A native function: hit only as the leaf.
  StartExperiment(Functions().FileOf(deflate), 0, deflate, 400000);
  ObserveSample(ts, Stack({MakeFrame(deflate, 0), MakeFrame(f, 5)}), sample, now());
  ObserveSample(ts, Stack({MakeFrame(f, 5), MakeFrame(deflate, 0)}), sample, now());
  c = EndExperiment();
  CHECK(c.selected_samples == 1);

  // Every in-scope site on the stack counts once in the undelayed counts, and only samples
  // taken while no delay was inserted do (a 0% experiment inserts none).
  const auto undelayed = [&](uint32_t fn, int32_t line) {
    const UndelayedCounts u = UndelayedSiteCounts();
    uint64_t n = 0;
    for (const SiteCount& s : u.inclusive) {
      if (s.function_id == fn && s.line == line) n += s.samples;
    }
    return std::make_pair(n, u.total);
  };
  const auto before = undelayed(f, 5);
  StartExperiment(file, 5, 0, 0);
  ObserveSample(ts, Stack({MakeFrame(deflate, 0), MakeFrame(g, 22), MakeFrame(f, 5), MakeFrame(f, 5)}),
                sample, now());
  EndExperiment();
  const auto after = undelayed(f, 5);
  CHECK(after.first == before.first + 1);
  CHECK(after.second == before.second + 1);
  CHECK(undelayed(deflate, 0).first >= 1);
}

}  // namespace
