// Marks, on each registered thread's libuv loop, when the thread is about to block in the
// poll phase (prepare) and when the poll phase is over (check). A wake that no profiled
// thread claimed by the check phase (a timer, a socket, the threadpool, a child process)
// pays the delays inserted while the thread waited; see lib/causal/wake-hooks.ts for the
// wakes that are claimed (messages from other threads, Atomics.notify, a worker's exit).
#pragma once

#include <node_api.h>

namespace causalprof {

void InstallEventLoopHooks(napi_env env);

}  // namespace causalprof
