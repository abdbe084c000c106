// The addon's wake rules (docs/causal-profiling.md, "Waiting"), called from
// lib/causal/wake-hooks.ts on the thread they concern, and its delay accounting for tests.
#include <napi.h>

#include "delays.h"
#include "event_loop_hooks.h"
#include "js_modules.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

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

Napi::Value InheritDelayJs(const Napi::CallbackInfo& info) {
  InheritDelay(info[0].As<Napi::Number>().Int32Value(), tls_thread_state);
  return info.Env().Undefined();
}

// A worker about to end (its 'exit' event, before Node closes its ports): pay, then mark
// the wake of the thread that created it as its own.
Napi::Value ThreadExiting(const Napi::CallbackInfo& info) {
  if (tls_thread_state != nullptr) ThreadEnding(*tls_thread_state);
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

}  // namespace

void InitDelaysJs(Napi::Env env, Napi::Object exports) {
  exports.Set("installWakeHooks", Napi::Function::New(env, InstallWakeHooks));
  exports.Set("catchUp", Napi::Function::New(env, OnThisThread<CatchUp>));
  exports.Set("beforeBlock", Napi::Function::New(env, OnThisThread<BeforeBlock>));
  exports.Set("creditWake", Napi::Function::New(env, OnThisThread<CreditWakeByProfiledThread>));
  exports.Set("endWake", Napi::Function::New(env, OnThisThread<EndWakeWithoutCredit>));
  exports.Set("inheritDelay", Napi::Function::New(env, InheritDelayJs));
  exports.Set("threadExiting", Napi::Function::New(env, ThreadExiting));
  exports.Set("delayState", Napi::Function::New(env, DelayState));
}

}  // namespace causalprof
