#include "experiment.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "clock.h"
#include "delays.h"
#include "drain.h"
#include "function_table.h"

namespace causalprof {

namespace {

constexpr uint32_t kMaxFiles = 1 << 16;
// Native functions whose scope flag can be set (function ids above it are never sites).
constexpr uint32_t kMaxNativeScopeIds = 1 << 20;

// A site's key: a JS line is (file << 32 | line), a native function kNativeSite | its id.
constexpr uint64_t kNativeSite = 1ull << 63;
uint64_t LineKey(uint32_t file, int32_t line) {
  return (static_cast<uint64_t>(file) << 32) | static_cast<uint32_t>(line);
}
uint64_t NativeKey(uint32_t function_id) { return kNativeSite | function_id; }

struct Selection {
  std::atomic<bool> active{false};
  std::atomic<uint64_t> site{0};
  std::atomic<int64_t> delay_per_hit_ns{0};
  std::atomic<int64_t> global_at_start_ns{0};
  std::atomic<uint64_t> started_at_ns{0};  // CLOCK_MONOTONIC: samples before it are not the experiment's
  std::atomic<uint64_t> selected_samples{0};
  std::atomic<uint64_t> total_samples{0};
};

Selection& Sel() {
  static auto* s = new Selection();
  return *s;
}

std::atomic<uint8_t>* FileScope() {
  static auto* flags = new std::atomic<uint8_t>[kMaxFiles]();
  return flags;
}
std::atomic<uint8_t>* NativeScope() {
  // Zeroed by calloc, whose pages stay untouched until a flag is set (std::atomic<uint8_t>
  // is a plain byte).
  static auto* flags = static_cast<std::atomic<uint8_t>*>(calloc(kMaxNativeScopeIds, 1));
  return flags;
}

std::mutex& SitesMutex() {
  static auto* m = new std::mutex();
  return *m;
}
struct SiteTally {
  uint64_t samples = 0;
  uint32_t file_id = 0;
  uint32_t function_id = 0;
};
using SiteMap = std::unordered_map<uint64_t, SiteTally>;
SiteMap& Sites() {
  static auto* m = new SiteMap();
  return *m;
}
SiteMap& SiteTotals() {
  static auto* m = new SiteMap();
  return *m;
}
SiteMap& UndelayedInclusive() {
  static auto* m = new SiteMap();
  return *m;
}
uint64_t g_undelayed_total = 0;  // under SitesMutex

// What the drain needs of a function, cached on the drain thread (the only caller).
struct FunctionFacts {
  uint32_t file_id;
  bool native;
};
FunctionFacts FactsOf(uint32_t function_id) {
  static std::vector<FunctionFacts>* cache = new std::vector<FunctionFacts>();
  constexpr uint32_t kUnknown = UINT32_MAX;
  if (function_id >= cache->size()) cache->resize(function_id + 1024, FunctionFacts{kUnknown, false});
  FunctionFacts& slot = (*cache)[function_id];
  if (slot.file_id == kUnknown)
    slot = FunctionFacts{Functions().FileOf(function_id), Functions().IsNative(function_id)};
  return slot;
}

void Tally(SiteMap& map, uint64_t key, uint32_t file, uint32_t function_id, uint32_t weight) {
  SiteTally& t = map[key];
  t.samples += weight;
  t.file_id = file;
  t.function_id = function_id;
}

std::vector<SiteCount> ToCounts(const SiteMap& sites) {
  std::vector<SiteCount> out;
  out.reserve(sites.size());
  for (const auto& [key, t] : sites) {
    const int32_t line = (key & kNativeSite) != 0 ? 0 : static_cast<int32_t>(key & 0xffffffffu);
    out.push_back(SiteCount{t.file_id, line, t.samples, t.function_id});
  }
  return out;
}

}  // namespace

void StartExperiment(uint32_t file_id, int32_t line, uint32_t function_id, int64_t delay_per_hit_ns) {
  Selection& s = Sel();
  s.site.store(line > 0 ? LineKey(file_id, line) : NativeKey(function_id));
  s.delay_per_hit_ns.store(delay_per_hit_ns);
  s.selected_samples.store(0);
  s.total_samples.store(0);
  SetDelaysActive(true);
  s.global_at_start_ns.store(GlobalDelayNs());
  s.started_at_ns.store(MonotonicNs());
  s.active.store(true);
}

ExperimentCounts EndExperiment() {
  Selection& s = Sel();
  DrainAll();  // samples taken up to now are this experiment's: count their hits first
  s.active.store(false);
  ExperimentCounts out;
  out.delay_ns = GlobalDelayNs() - s.global_at_start_ns.load();
  out.selected_samples = s.selected_samples.load();
  out.total_samples = s.total_samples.load();
  out.unpaid_ns = LargestDebtNs();
  SetDelaysActive(false);
  return out;
}

void SetFileInScope(uint32_t file_id, bool in_scope) {
  if (file_id < kMaxFiles) FileScope()[file_id].store(in_scope ? 1 : 0);
}

void SetNativeFunctionInScope(uint32_t function_id, bool in_scope) {
  if (function_id < kMaxNativeScopeIds) NativeScope()[function_id].store(in_scope ? 1 : 0);
}

// The delay a hit inserts: the speedup times the CPU time the sample stands for, or, where
// that is not known (or a thread's clock jumped), times the periods it stands for.
int64_t HitDelayNs(int64_t delay_per_period_ns, const RawSample& sample, uint64_t interval_ns) {
  const uint64_t nominal = interval_ns * sample.weight;
  if (sample.cpu_ns == 0 || nominal == 0 || sample.cpu_ns > 4 * nominal || 4 * sample.cpu_ns < nominal) {
    return delay_per_period_ns * sample.weight;
  }
  return static_cast<int64_t>(static_cast<double>(delay_per_period_ns) * static_cast<double>(sample.cpu_ns) /
                              static_cast<double>(interval_ns));
}

void ObserveSample(ThreadState& state, const ResolvedStack& stack, const RawSample& sample,
                   uint64_t taken_at_ns) {
  const uint32_t weight = sample.weight;
  Selection& s = Sel();
  const bool active = s.active.load(std::memory_order_relaxed) &&
                      taken_at_ns >= s.started_at_ns.load(std::memory_order_relaxed);
  const bool delayed = active && s.delay_per_hit_ns.load(std::memory_order_relaxed) > 0;
  const uint64_t selected = s.site.load(std::memory_order_relaxed);
  bool hit = false;
  // The sample's in-scope sites, innermost first, each once.
  uint64_t keys[kMaxFrames + 2];
  uint32_t key_files[kMaxFrames + 2];
  uint32_t key_functions[kMaxFrames + 2];
  size_t n = 0;
  for (size_t i = 0; i < stack.count; ++i) {
    const uint32_t fn = FrameFunction(stack.frames[i]);
    const int32_t line = FrameLine(stack.frames[i]);
    const FunctionFacts facts = FactsOf(fn);
    uint64_t key = 0;
    bool in_scope = false;
    if (line > 0) {
      key = LineKey(facts.file_id, line);
      in_scope = facts.file_id < kMaxFiles && FileScope()[facts.file_id].load(std::memory_order_relaxed) == 1;
      if (key == selected) hit = true;
    } else if (facts.native) {
      key = NativeKey(fn);
      in_scope = fn < kMaxNativeScopeIds && NativeScope()[fn].load(std::memory_order_relaxed) == 1;
      if (i == 0 && key == selected) hit = true;  // a native site is hit where it runs
    }
    if (!in_scope || std::find(keys, keys + n, key) != keys + n) continue;
    keys[n] = key;
    key_files[n] = facts.file_id;
    key_functions[n] = fn;
    n++;
  }
  if (n > 0 || !delayed) {
    std::lock_guard<std::mutex> lock(SitesMutex());
    if (n > 0) {
      Tally(Sites(), keys[0], key_files[0], key_functions[0], weight);
      Tally(SiteTotals(), keys[0], key_files[0], key_functions[0], weight);
    }
    if (!delayed) {
      for (size_t k = 0; k < n; ++k)
        Tally(UndelayedInclusive(), keys[k], key_files[k], key_functions[k], weight);
      g_undelayed_total += weight;
    }
  }
  if (!active) return;
  s.total_samples.fetch_add(weight, std::memory_order_relaxed);
  if (hit) {
    s.selected_samples.fetch_add(weight, std::memory_order_relaxed);
    AddHitDelay(state,
                HitDelayNs(s.delay_per_hit_ns.load(std::memory_order_relaxed), sample, state.interval_ns));
  }
}

std::vector<SiteCount> SiteCounts(bool since_last_take) {
  SiteMap sites;
  {
    std::lock_guard<std::mutex> lock(SitesMutex());
    if (since_last_take) {
      sites.swap(Sites());
    } else {
      sites = SiteTotals();
    }
  }
  return ToCounts(sites);
}

UndelayedCounts UndelayedSiteCounts() {
  std::lock_guard<std::mutex> lock(SitesMutex());
  return UndelayedCounts{ToCounts(UndelayedInclusive()), g_undelayed_total};
}

}  // namespace causalprof
