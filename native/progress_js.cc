// The addon's progress-point functions: each thread's block of counters, the totals, the
// named slots and their layout (lib/causal/progress-layout.ts reads it).
#include <napi.h>

#include "js_modules.h"
#include "progress_counters.h"

namespace causalprof {

namespace {

void ReleaseBlockAtCleanup(void* arg) {
  ReleaseCounterBlock(static_cast<int>(reinterpret_cast<intptr_t>(arg)));
}

// progressCounters() -> { buffer, shared }: this thread's counter block (static memory,
// nothing to free); `shared` when it is the block all overflow threads use.
Napi::Value ProgressCountersJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CounterBlock block = AcquireCounterBlock();
  napi_add_env_cleanup_hook(env, ReleaseBlockAtCleanup,
                            reinterpret_cast<void*>(static_cast<intptr_t>(block.index)));
  Napi::Object out = Napi::Object::New(env);
  out.Set("buffer", Napi::ArrayBuffer::New(env, block.counters, block.bytes, [](Napi::Env, void*) {}));
  out.Set("shared", block.index == kCounterBlocks);
  return out;
}

Napi::Value ProgressTotalsJs(const Napi::CallbackInfo& info) {
  const std::vector<uint64_t> totals = ProgressTotals();
  Napi::Array out = Napi::Array::New(info.Env(), totals.size());
  for (size_t i = 0; i < totals.size(); ++i)
    out.Set(static_cast<uint32_t>(i), static_cast<double>(totals[i]));
  return out;
}

// progressSlot(name, 'throughput' | 'latency') -> slot, or -1 when all are taken.
Napi::Value ProgressSlotJs(const Napi::CallbackInfo& info) {
  const uint8_t use = info[1].As<Napi::String>().Utf8Value() == "latency" ? kLatencyUse : kThroughputUse;
  return Napi::Number::New(info.Env(), ProgressSlot(info[0].As<Napi::String>().Utf8Value(), use));
}

// progressKinds() -> per slot: 'latency' if begin()/end() counted it, else 'throughput'.
Napi::Value ProgressKindsJs(const Napi::CallbackInfo& info) {
  const std::vector<uint8_t> uses = ProgressUses();
  Napi::Array out = Napi::Array::New(info.Env(), uses.size());
  for (size_t i = 0; i < uses.size(); ++i)
    out.Set(static_cast<uint32_t>(i), (uses[i] & kLatencyUse) != 0 ? "latency" : "throughput");
  return out;
}

Napi::Value ProgressNamesJs(const Napi::CallbackInfo& info) {
  return StringArray(info.Env(), ProgressNames());
}

Napi::Object LayoutObject(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("maxPoints", static_cast<double>(kMaxProgressPoints));
  out.Set("countersPerPoint", static_cast<double>(kCountersPerPoint));
  return out;
}

}  // namespace

void InitProgressJs(Napi::Env env, Napi::Object exports) {
  exports.Set("progressCounters", Napi::Function::New(env, ProgressCountersJs));
  exports.Set("progressTotals", Napi::Function::New(env, ProgressTotalsJs));
  exports.Set("progressSlot", Napi::Function::New(env, ProgressSlotJs));
  exports.Set("progressNames", Napi::Function::New(env, ProgressNamesJs));
  exports.Set("progressKinds", Napi::Function::New(env, ProgressKindsJs));
  exports.Set("progressLayout", LayoutObject(env));
}

}  // namespace causalprof
