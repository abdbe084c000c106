// The addon's JS interface. Wiring only: validation happens in lib/native.ts, and the
// work in the files named for it (sampler, code map, drain, store).
#include <napi.h>
#include <v8.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "delays.h"
#include "drain.h"
#include "event_loop_hooks.h"
#include "experiment.h"
#include "function_table.h"
#include "native_symbols.h"
#include "progress_counters.h"
#include "sample_store.h"
#include "sampler.h"
#include "thread_registry.h"

namespace causalprof {
namespace {

void UnregisterAtCleanup(void* arg) {
  auto* ts = static_cast<ThreadState*>(arg);
  CatchUp(*ts);  // a worker's exit wakes its parent: pay what it owes first, then say so
  WakeParentAtExit(*ts);
  if (getenv("CAUSALPROF_DEBUG_DELAYS") != nullptr) {
    fprintf(stderr, "[causalprof delays] %s: paid %.1f ms, skipped %.1f ms, hits %.1f ms, global %.1f ms\n",
            ts->name.c_str(), ts->paid_ns.load() / 1e6, ts->credited_ns.load() / 1e6, ts->hit_ns.load() / 1e6,
            GlobalDelayNs() / 1e6);
  }
  UnregisterThread(ts);
}

// registerThread(threadId, name): registers the calling JS thread once.
Napi::Value RegisterThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (tls_thread_state != nullptr) return Napi::Boolean::New(env, false);
  const int thread_id = info[0].As<Napi::Number>().Int32Value();
  const std::string name = info[1].As<Napi::String>().Utf8Value();
  ThreadState* ts = RegisterCurrentThread(v8::Isolate::GetCurrent(), thread_id, name.c_str());
  ApplyInheritedDelay(*ts);
  AddToRegistry(ts, [](ThreadState& added) { StartThreadIfSampling(added); });
  napi_add_env_cleanup_hook(env, UnregisterAtCleanup, ts);
  return Napi::Boolean::New(env, true);
}

Napi::Object StatusObject(Napi::Env env, const SamplerStatus& s) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("active", s.active);
  out.Set("intervalUs", s.interval_us);
  out.Set("timer", TimerKindName(s.timer));
  out.Set("threadsWithoutTimer", s.threads_without_timer);
  out.Set("ringRefused", s.ring_refused);
  out.Set("ringError", s.ring_error == 0 ? "" : strerror(s.ring_error));
  uint64_t taken = RetiredSamples().load(), dropped = 0, without_frames = 0;
  int threads = 0;
  ForEachThread([&](ThreadState& ts) {
    threads++;
    taken += ts.samples_taken.load();
    dropped += ts.ring.dropped() + ts.ring_lost.load();
    without_frames += ts.samples_without_frames.load();
  });
  out.Set("threads", threads);
  out.Set("samplesTaken", static_cast<double>(taken));
  out.Set("samplesDropped", static_cast<double>(dropped));
  out.Set("samplesWithoutFrames", static_cast<double>(without_frames));
  const DrainStats drain = CurrentDrainStats();
  out.Set("drainCpuNs", static_cast<double>(drain.periodic_cpu_ns));
  out.Set("drainedSamples", static_cast<double>(drain.samples));
  const NativeSymbolStats natives = Natives().Stats();
  Napi::Object symbols = Napi::Object::New(env);
  symbols.Set("objects", natives.objects);
  symbols.Set("symbols", static_cast<double>(natives.symbols));
  symbols.Set("heapBytes", static_cast<double>(natives.heap_bytes));
  symbols.Set("loadCpuNs", static_cast<double>(natives.load_cpu_ns));
  symbols.Set("scans", natives.scans);
  out.Set("nativeSymbols", symbols);
  return out;
}

// startSampling(intervalUs, mode: 'perf' | 'posix' | 'ring') -> status
Napi::Value StartSamplingJs(const Napi::CallbackInfo& info) {
  const uint32_t interval_us = info[0].As<Napi::Number>().Uint32Value();
  const std::string mode = info[1].As<Napi::String>().Utf8Value();
  const TimerMode timer_mode = mode == "ring"    ? TimerMode::kPerfRing
                               : mode == "posix" ? TimerMode::kPosix
                                                 : TimerMode::kPerfSignal;
  return StatusObject(info.Env(), StartSampling(interval_us, timer_mode));
}

Napi::Value StopSamplingJs(const Napi::CallbackInfo& info) {
  StopSampling();
  return info.Env().Undefined();
}

Napi::Value Status(const Napi::CallbackInfo& info) {
  return StatusObject(info.Env(), CurrentSamplerStatus());
}

// takeSamples() -> { functions: [{name, file, line}], threads: [{id, name, stacks: [{frames, samples,
// periods}]}] } frames is a flat array of (functionId, line) pairs, innermost first.
Napi::Value TakeSamples(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto threads = Samples().Take();
  const std::vector<FunctionInfo> functions = Functions().Snapshot();
  Napi::Array fn_array = Napi::Array::New(env, functions.size());
  for (size_t i = 0; i < functions.size(); ++i) {
    Napi::Object f = Napi::Object::New(env);
    f.Set("name", functions[i].name);
    f.Set("file", functions[i].file);
    f.Set("line", functions[i].start_line);
    if (functions[i].native) {
      f.Set("native", true);
      f.Set("systemName", functions[i].system_name);
    }
    fn_array.Set(static_cast<uint32_t>(i), f);
  }
  Napi::Array thread_array = Napi::Array::New(env, threads.size());
  uint32_t ti = 0;
  for (auto& [id, samples] : threads) {
    Napi::Object t = Napi::Object::New(env);
    t.Set("id", id);
    t.Set("name", samples.name);
    Napi::Array stacks = Napi::Array::New(env, samples.stacks.size());
    uint32_t si = 0;
    for (auto& [key, counts] : samples.stacks) {
      const size_t n = key.size() / sizeof(FrameKey);
      Napi::Array frames = Napi::Array::New(env, n * 2);
      for (size_t k = 0; k < n; ++k) {
        FrameKey f;
        memcpy(&f, key.data() + k * sizeof(FrameKey), sizeof f);
        frames.Set(static_cast<uint32_t>(2 * k), FrameFunction(f));
        frames.Set(static_cast<uint32_t>(2 * k + 1), FrameLine(f));
      }
      Napi::Object s = Napi::Object::New(env);
      s.Set("frames", frames);
      s.Set("samples", static_cast<double>(counts.samples));
      s.Set("periods", static_cast<double>(counts.periods));
      stacks.Set(si++, s);
    }
    t.Set("stacks", stacks);
    thread_array.Set(ti++, t);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("functions", fn_array);
  out.Set("threads", thread_array);
  return out;
}

// --- causal profiling -------------------------------------------------------------

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

Napi::Value ProgressSlotJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), ProgressSlot(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value StringArray(Napi::Env env, const std::vector<std::string>& strings) {
  Napi::Array out = Napi::Array::New(env, strings.size());
  for (size_t i = 0; i < strings.size(); ++i) out.Set(static_cast<uint32_t>(i), strings[i]);
  return out;
}

Napi::Value ProgressNamesJs(const Napi::CallbackInfo& info) {
  return StringArray(info.Env(), ProgressNames());
}

Napi::Value FilesJs(const Napi::CallbackInfo& info) {
  return StringArray(info.Env(), Functions().Files(info[0].As<Napi::Number>().Uint32Value()));
}

Napi::Value SetFileScope(const Napi::CallbackInfo& info) {
  SetFileInScope(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

Napi::Value SetNativeScope(const Napi::CallbackInfo& info) {
  SetNativeFunctionInScope(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

// nativeFunctions(from) -> [{id, name, file}] for the native functions interned from the
// `from`th on.
Napi::Value NativeFunctionsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::vector<uint32_t> ids = Functions().NativeFunctions(info[0].As<Napi::Number>().Uint32Value());
  const std::vector<FunctionInfo> all = Functions().Snapshot();
  Napi::Array out = Napi::Array::New(env, ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    Napi::Object f = Napi::Object::New(env);
    f.Set("id", ids[i]);
    f.Set("name", all[ids[i]].name);
    f.Set("file", all[ids[i]].file);
    out.Set(static_cast<uint32_t>(i), f);
  }
  return out;
}

// startExperiment(fileId, line, functionId, delayPerHitNs): line 0 selects the native
// function functionId.
Napi::Value StartExperimentJs(const Napi::CallbackInfo& info) {
  StartExperiment(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Int32Value(),
                  info[2].As<Napi::Number>().Uint32Value(), info[3].As<Napi::Number>().Int64Value());
  return info.Env().Undefined();
}

Napi::Value EndExperimentJs(const Napi::CallbackInfo& info) {
  const ExperimentCounts c = EndExperiment();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("delayNs", static_cast<double>(c.delay_ns));
  out.Set("selectedSamples", static_cast<double>(c.selected_samples));
  out.Set("totalSamples", static_cast<double>(c.total_samples));
  return out;
}

// flat [fileId, line, samples, functionId, ...]
Napi::Array FlatSiteCounts(Napi::Env env, const std::vector<SiteCount>& sites) {
  Napi::Array out = Napi::Array::New(env, sites.size() * 4);
  for (size_t i = 0; i < sites.size(); ++i) {
    out.Set(static_cast<uint32_t>(4 * i), sites[i].file_id);
    out.Set(static_cast<uint32_t>(4 * i + 1), sites[i].line);
    out.Set(static_cast<uint32_t>(4 * i + 2), static_cast<double>(sites[i].samples));
    out.Set(static_cast<uint32_t>(4 * i + 3), sites[i].function_id);
  }
  return out;
}

Napi::Value SiteCountsJs(const Napi::CallbackInfo& info) {
  return FlatSiteCounts(info.Env(), SiteCounts(info[0].As<Napi::Boolean>().Value()));
}

// undelayedSiteCounts() -> { sites: flat as siteCounts (inclusive), total }
Napi::Value UndelayedSiteCountsJs(const Napi::CallbackInfo& info) {
  const UndelayedCounts counts = UndelayedSiteCounts();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("sites", FlatSiteCounts(info.Env(), counts.inclusive));
  out.Set("total", static_cast<double>(counts.total));
  return out;
}

Napi::Value FunctionNameJs(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Functions().NameOf(info[0].As<Napi::Number>().Uint32Value()));
}

Napi::Value InstallWakeHooks(const Napi::CallbackInfo& info) {
  InstallEventLoopHooks(info.Env());
  return info.Env().Undefined();
}

// The wake rules, called from lib/causal/wake-hooks.ts on the calling thread.
template <void (*Rule)(ThreadState&)>
Napi::Value OnThisThread(const Napi::CallbackInfo& info) {
  ThreadState* ts = tls_thread_state;
  if (ts != nullptr) Rule(*ts);
  return info.Env().Undefined();
}

Napi::Value InheritDelay(const Napi::CallbackInfo& info) {
  ThreadState* ts = tls_thread_state;
  const int thread_id = info[0].As<Napi::Number>().Int32Value();
  RecordInheritedDelay(thread_id, ts != nullptr ? ts->local_delay_ns.load() : GlobalDelayNs());
  if (ts != nullptr) RecordParent(thread_id, ts->thread_id);
  return info.Env().Undefined();
}

// A worker about to end (its 'exit' event, before Node closes its ports): pay, then mark
// the wake of the thread that created it as its own.
Napi::Value ThreadExiting(const Napi::CallbackInfo& info) {
  ThreadState* ts = tls_thread_state;
  if (ts != nullptr) {
    CatchUp(*ts);
    WakeParentAtExit(*ts);
  }
  return info.Env().Undefined();
}

Napi::Value DelayState(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  ThreadState* ts = tls_thread_state;
  out.Set("globalNs", static_cast<double>(GlobalDelayNs()));
  out.Set("localNs", ts != nullptr ? static_cast<double>(ts->local_delay_ns.load()) : -1.0);
  out.Set("active", DelaysActive());
  if (ts != nullptr) {
    out.Set("paidNs", static_cast<double>(ts->paid_ns.load()));
    out.Set("creditedNs", static_cast<double>(ts->credited_ns.load()));
    out.Set("hitNs", static_cast<double>(ts->hit_ns.load()));
  }
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("progressCounters", Napi::Function::New(env, ProgressCountersJs));
  exports.Set("progressTotals", Napi::Function::New(env, ProgressTotalsJs));
  exports.Set("progressSlot", Napi::Function::New(env, ProgressSlotJs));
  exports.Set("progressNames", Napi::Function::New(env, ProgressNamesJs));
  exports.Set("files", Napi::Function::New(env, FilesJs));
  exports.Set("setFileScope", Napi::Function::New(env, SetFileScope));
  exports.Set("startExperiment", Napi::Function::New(env, StartExperimentJs));
  exports.Set("endExperiment", Napi::Function::New(env, EndExperimentJs));
  exports.Set("siteCounts", Napi::Function::New(env, SiteCountsJs));
  exports.Set("undelayedSiteCounts", Napi::Function::New(env, UndelayedSiteCountsJs));
  exports.Set("nativeFunctions", Napi::Function::New(env, NativeFunctionsJs));
  exports.Set("setNativeScope", Napi::Function::New(env, SetNativeScope));
  exports.Set("functionName", Napi::Function::New(env, FunctionNameJs));
  exports.Set("installWakeHooks", Napi::Function::New(env, InstallWakeHooks));
  exports.Set("catchUp", Napi::Function::New(env, OnThisThread<CatchUp>));
  exports.Set("beforeBlock", Napi::Function::New(env, OnThisThread<BeforeBlock>));
  exports.Set("creditWake", Napi::Function::New(env, OnThisThread<CreditWakeByProfiledThread>));
  exports.Set("endWake", Napi::Function::New(env, OnThisThread<EndWakeWithoutCredit>));
  exports.Set("inheritDelay", Napi::Function::New(env, InheritDelay));
  exports.Set("threadExiting", Napi::Function::New(env, ThreadExiting));
  exports.Set("delayState", Napi::Function::New(env, DelayState));
  exports.Set("registerThread", Napi::Function::New(env, RegisterThread));
  exports.Set("startSampling", Napi::Function::New(env, StartSamplingJs));
  exports.Set("stopSampling", Napi::Function::New(env, StopSamplingJs));
  exports.Set("status", Napi::Function::New(env, Status));
  exports.Set("takeSamples", Napi::Function::New(env, TakeSamples));
  return exports;
}

}  // namespace
}  // namespace causalprof

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return causalprof::Init(env, exports); }

NODE_API_MODULE(causalprof, InitAddon)
