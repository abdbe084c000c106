// The set of registered JS threads, and the thread-local pointer the signal handler reads.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "thread_state.h"

namespace causalprof {

// Initial-exec TLS: a handler must not trigger the lazy TLS allocation (and loader lock)
// that the default global-dynamic model may take on first access in a dlopen'ed library.
extern thread_local ThreadState* tls_thread_state __attribute__((tls_model("initial-exec")));

// Registers the calling thread; returns its state (owned by the registry).
ThreadState* RegisterCurrentThread(v8::Isolate* isolate, int thread_id, const char* name);
// Makes a registered thread visible to the sampler and drain; on_added runs under the
// registry lock (so a concurrent start or stop of sampling cannot miss the thread).
void AddToRegistry(ThreadState* state, const std::function<void(ThreadState&)>& on_added);
// Stops sampling the calling thread, drains what it recorded and forgets it.
void UnregisterThread(ThreadState* state);
// The registry's part of that: stops the thread's timer, drains it, and forgets it (does not
// free it). The native tests use it alone, for thread states with no V8 behind them.
void RemoveFromRegistry(ThreadState* state);

// Runs fn with the registry locked, over all registered threads.
void WithRegistryLocked(const std::function<void(const std::vector<ThreadState*>&)>& fn);
// Runs fn on every registered thread with the registry locked.
void ForEachThread(const std::function<void(ThreadState&)>& fn);
// Samples taken by threads that have since ended.
std::atomic<uint64_t>& RetiredSamples();
// The registered thread whose isolate this is, or nullptr (registry locked inside).
ThreadState* FindThreadByIsolate(v8::Isolate* isolate);

}  // namespace causalprof
