#include "experiment.h"

#include <atomic>
#include <mutex>
#include <unordered_map>

#include "clock.h"
#include "delays.h"
#include "drain.h"
#include "function_table.h"

namespace causalprof {

namespace {

constexpr uint32_t kMaxFiles = 1 << 16;

struct Selection {
  std::atomic<bool> active{false};
  std::atomic<uint32_t> file_id{0};
  std::atomic<int32_t> line{0};
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

std::atomic<uint8_t>* Scope() {
  static auto* flags = new std::atomic<uint8_t>[kMaxFiles]();
  return flags;
}

std::mutex& SitesMutex() {
  static auto* m = new std::mutex();
  return *m;
}
struct SiteTally {
  uint64_t samples = 0;
  uint32_t function_id = 0;
};
using SiteMap = std::unordered_map<uint64_t, SiteTally>;  // key: file id << 32 | line
SiteMap& Sites() {
  static auto* m = new SiteMap();
  return *m;
}
SiteMap& SiteTotals() {
  static auto* m = new SiteMap();
  return *m;
}

// Function id -> file id, cached on the drain thread (the only caller).
uint32_t FileOf(uint32_t function_id) {
  static std::vector<uint32_t>* cache = new std::vector<uint32_t>();
  constexpr uint32_t kUnknown = UINT32_MAX;
  if (function_id >= cache->size()) cache->resize(function_id + 1024, kUnknown);
  uint32_t& slot = (*cache)[function_id];
  if (slot == kUnknown) slot = Functions().FileOf(function_id);
  return slot;
}

}  // namespace

void StartExperiment(uint32_t file_id, int32_t line, int64_t delay_per_hit_ns) {
  Selection& s = Sel();
  s.file_id.store(file_id);
  s.line.store(line);
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
  SetDelaysActive(false);
  return out;
}

void SetFileInScope(uint32_t file_id, bool in_scope) {
  if (file_id < kMaxFiles) Scope()[file_id].store(in_scope ? 1 : 0);
}

void ObserveSample(ThreadState& state, const ResolvedStack& stack, uint32_t weight, uint64_t taken_at_ns) {
  Selection& s = Sel();
  const bool active = s.active.load(std::memory_order_relaxed) &&
                      taken_at_ns >= s.started_at_ns.load(std::memory_order_relaxed);
  const uint32_t sel_file = s.file_id.load(std::memory_order_relaxed);
  const int32_t sel_line = s.line.load(std::memory_order_relaxed);
  bool hit = false;
  bool site_found = false;
  for (size_t i = 0; i < stack.count; ++i) {
    const uint32_t fn = FrameFunction(stack.frames[i]);
    const int32_t line = FrameLine(stack.frames[i]);
    const uint32_t file = FileOf(fn);
    if (active && file == sel_file && line == sel_line) hit = true;
    if (!site_found && file < kMaxFiles && line > 0 && Scope()[file].load(std::memory_order_relaxed) == 1) {
      site_found = true;
      std::lock_guard<std::mutex> lock(SitesMutex());
      const uint64_t key = (static_cast<uint64_t>(file) << 32) | static_cast<uint32_t>(line);
      for (SiteMap* map : {&Sites(), &SiteTotals()}) {
        SiteTally& t = (*map)[key];
        t.samples += weight;
        t.function_id = fn;
      }
    }
  }
  if (!active) return;
  s.total_samples.fetch_add(weight, std::memory_order_relaxed);
  if (hit) {
    s.selected_samples.fetch_add(weight, std::memory_order_relaxed);
    AddHitDelay(state, s.delay_per_hit_ns.load(std::memory_order_relaxed) * weight);
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
  std::vector<SiteCount> out;
  out.reserve(sites.size());
  for (const auto& [key, t] : sites) {
    out.push_back(SiteCount{static_cast<uint32_t>(key >> 32), static_cast<int32_t>(key & 0xffffffffu),
                            t.samples, t.function_id});
  }
  return out;
}

}  // namespace causalprof
