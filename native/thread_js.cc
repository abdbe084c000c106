// The addon's registerThread(): the calling JS thread joins the registry (and the sampler,
// if it runs); when its environment is torn down it pays, wakes its creator, and leaves.
#include <napi.h>
#include <v8.h>

#include <string>

#include "delays.h"
#include "js_modules.h"
#include "sampler.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

void UnregisterAtCleanup(void* arg) {
  auto* ts = static_cast<ThreadState*>(arg);
  ThreadEnding(*ts);  // a worker's exit wakes its parent: pay first, then say so
  ReportDelaysAtExit(*ts);
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

}  // namespace

void InitThreadJs(Napi::Env env, Napi::Object exports) {
  exports.Set("registerThread", Napi::Function::New(env, RegisterThread));
}

}  // namespace causalprof
