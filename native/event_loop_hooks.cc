#include "event_loop_hooks.h"

#include <uv.h>

#include "delays.h"
#include "thread_registry.h"

namespace causalprof {

namespace {

struct LoopHooks {
  uv_prepare_t prepare;
  uv_check_t check;
  napi_async_cleanup_hook_handle cleanup = nullptr;
  int open_handles = 2;
};

void OnPrepare(uv_prepare_t*) {
  ThreadState* ts = tls_thread_state;
  if (ts != nullptr) BeforeBlock(*ts);
}

void OnCheck(uv_check_t*) {
  ThreadState* ts = tls_thread_state;
  if (ts == nullptr) return;
  EndWakeWithoutCredit(*ts);  // no-op if a message already claimed the wake
  CatchUp(*ts);               // whatever is still owed is paid before the loop runs more callbacks
}

void OnClosed(uv_handle_t* handle) {
  auto* hooks = static_cast<LoopHooks*>(handle->data);
  if (--hooks->open_handles == 0) {
    napi_remove_async_cleanup_hook(hooks->cleanup);
    delete hooks;
  }
}

// Node closes a worker's loop after its cleanup hooks: our handles must be closed first.
void CloseAtCleanup(napi_async_cleanup_hook_handle, void* arg) {
  auto* hooks = static_cast<LoopHooks*>(arg);
  uv_close(reinterpret_cast<uv_handle_t*>(&hooks->prepare), OnClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(&hooks->check), OnClosed);
}

}  // namespace

void InstallEventLoopHooks(napi_env env) {
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) return;
  auto* hooks = new LoopHooks();
  uv_prepare_init(loop, &hooks->prepare);
  uv_check_init(loop, &hooks->check);
  hooks->prepare.data = hooks;
  hooks->check.data = hooks;
  uv_prepare_start(&hooks->prepare, OnPrepare);
  uv_check_start(&hooks->check, OnCheck);
  // Neither handle may keep a program alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(&hooks->prepare));
  uv_unref(reinterpret_cast<uv_handle_t*>(&hooks->check));
  napi_add_async_cleanup_hook(env, CloseAtCleanup, hooks, &hooks->cleanup);
}

}  // namespace causalprof
