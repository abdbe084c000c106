// The addon's JS interface. Wiring only: validation happens in lib/native.ts, and the
// work in the files named for it (sampler, code map, drain, store).
#include <napi.h>
#include <v8.h>

#include <cstring>

#include "function_table.h"
#include "sample_store.h"
#include "sampler.h"
#include "thread_registry.h"

namespace causalprof {
namespace {

void UnregisterAtCleanup(void* arg) { UnregisterThread(static_cast<ThreadState*>(arg)); }

// registerThread(threadId, name): registers the calling JS thread once.
Napi::Value RegisterThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (tls_thread_state != nullptr) return Napi::Boolean::New(env, false);
  const int thread_id = info[0].As<Napi::Number>().Int32Value();
  const std::string name = info[1].As<Napi::String>().Utf8Value();
  ThreadState* ts = RegisterCurrentThread(v8::Isolate::GetCurrent(), thread_id, name.c_str());
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
  uint64_t taken = 0, dropped = 0, without_frames = 0;
  int threads = 0;
  ForEachThread([&](ThreadState& ts) {
    threads++;
    taken += ts.samples_taken.load();
    dropped += ts.ring.dropped();
    without_frames += ts.samples_without_frames.load();
  });
  out.Set("threads", threads);
  out.Set("samplesTaken", static_cast<double>(taken));
  out.Set("samplesDropped", static_cast<double>(dropped));
  out.Set("samplesWithoutFrames", static_cast<double>(without_frames));
  return out;
}

// startSampling(intervalUs, forcePosixTimer) -> status
Napi::Value StartSamplingJs(const Napi::CallbackInfo& info) {
  const uint32_t interval_us = info[0].As<Napi::Number>().Uint32Value();
  const bool force_posix = info[1].As<Napi::Boolean>().Value();
  return StatusObject(info.Env(), StartSampling(interval_us, force_posix));
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
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
