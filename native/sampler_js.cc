// The addon's sampling functions: start, stop and status of the per-thread timers, and the
// samples aggregated so far (lib/native.ts declares them). Marshalling only.
#include <napi.h>

#include <csignal>
#include <cstring>
#include <string>

#include "drain.h"
#include "function_table.h"
#include "js_modules.h"
#include "native_symbols.h"
#include "sample_store.h"
#include "sampler.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

Napi::Object StatusObject(Napi::Env env, const SamplerStatus& s) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("active", s.active);
  out.Set("intervalUs", s.interval_us);
  out.Set("timer", TimerKindName(s.timer));
  out.Set("threadsWithoutTimer", s.threads_without_timer);
  out.Set("ringRefused", s.ring_refused);
  out.Set("ringError", s.ring_error == 0 ? "" : strerror(s.ring_error));
  out.Set("signal", s.signo);
  out.Set("signalName", s.signo > 0 ? "SIGRTMIN+" + std::to_string(s.signo - SIGRTMIN) : "");
  out.Set("signalHandlerReplaced", s.handler_replaced);
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

// startSampling(intervalUs, mode: 'perf' | 'posix' | 'ring', keepStacks) -> status: keepStacks
// for a sampling profile (takeSamples), not for causal experiments.
Napi::Value StartSamplingJs(const Napi::CallbackInfo& info) {
  const uint32_t interval_us = info[0].As<Napi::Number>().Uint32Value();
  const std::string mode = info[1].As<Napi::String>().Utf8Value();
  const TimerMode timer_mode = mode == "ring"    ? TimerMode::kPerfRing
                               : mode == "posix" ? TimerMode::kPosix
                                                 : TimerMode::kPerfSignal;
  Samples().SetRecording(info[2].As<Napi::Boolean>().Value());
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

}  // namespace

void InitSamplerJs(Napi::Env env, Napi::Object exports) {
  exports.Set("startSampling", Napi::Function::New(env, StartSamplingJs));
  exports.Set("stopSampling", Napi::Function::New(env, StopSamplingJs));
  exports.Set("status", Napi::Function::New(env, Status));
  exports.Set("takeSamples", Napi::Function::New(env, TakeSamples));
}

}  // namespace causalprof
