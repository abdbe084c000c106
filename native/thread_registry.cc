#include "thread_registry.h"

#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "clock.h"
#include "drain.h"

namespace causalprof {

thread_local ThreadState* tls_thread_state __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {

// Heap-allocated and never freed: worker threads may unregister while the process exits.
std::mutex& RegistryMutex() {
  static std::mutex* m = new std::mutex();
  return *m;
}
std::vector<ThreadState*>& Threads() {
  static std::vector<ThreadState*>* v = new std::vector<ThreadState*>();
  return *v;
}

ThreadState* StateForIsolate(v8::Isolate* isolate) {
  ThreadState* ts = tls_thread_state;
  if (ts != nullptr && ts->isolate == isolate) return ts;
  return FindThreadByIsolate(isolate);
}

void OnJitCodeEvent(const v8::JitCodeEvent* event) {
  ThreadState* ts = StateForIsolate(event->isolate);
  if (ts == nullptr) return;
  if (event->type == v8::JitCodeEvent::CODE_MOVED || event->type == v8::JitCodeEvent::CODE_REMOVED) {
    // Samples taken before the move must be resolved against the old addresses.
    std::lock_guard<std::mutex> lock(ts->drain_mutex);
    DrainThreadLocked(*ts);
    ts->code_map.OnCodeEvent(event);
    return;
  }
  ts->code_map.OnCodeEvent(event);
}

void OnGcPrologue(v8::Isolate*, v8::GCType, v8::GCCallbackFlags, void* data) {
  static_cast<ThreadState*>(data)->gc_windows.Begin(MonotonicNs());
}

void OnGcEpilogue(v8::Isolate*, v8::GCType, v8::GCCallbackFlags, void* data) {
  static_cast<ThreadState*>(data)->gc_windows.End(MonotonicNs());
}

void StackBounds(uintptr_t* low, uintptr_t* high) {
  pthread_attr_t attr;
  void* addr = nullptr;
  size_t size = 0;
  *low = *high = 0;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    *low = reinterpret_cast<uintptr_t>(addr);
    *high = *low + size;
  }
  pthread_attr_destroy(&attr);
}

}  // namespace

ThreadState* RegisterCurrentThread(v8::Isolate* isolate, int thread_id, const char* name) {
  auto* ts = new ThreadState();
  ts->thread_id = thread_id;
  ts->name = name;
  ts->tid = static_cast<pid_t>(syscall(SYS_gettid));
  ts->pthread = pthread_self();
  ts->isolate = isolate;
  StackBounds(&ts->stack_low, &ts->stack_high);
  // Delays are paid with nanosleep: the default 50 us timer slack would add to each one.
  prctl(PR_SET_TIMERSLACK, 1);
  tls_thread_state = ts;
  // Installed before any user code compiles, so bytecode and optimized code arrive with
  // line tables; enumerating what exists gives the builtins (interpreter, trampolines).
  isolate->SetJitCodeEventHandler(v8::kJitCodeEventEnumExisting, OnJitCodeEvent);
  ts->code_map.CalibrateBuiltins(isolate);
  isolate->AddGCPrologueCallback(OnGcPrologue, ts);
  isolate->AddGCEpilogueCallback(OnGcEpilogue, ts);
  return ts;
}

void AddToRegistry(ThreadState* ts, const std::function<void(ThreadState&)>& on_added) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Threads().push_back(ts);
  on_added(*ts);
}

void UnregisterThread(ThreadState* ts) {
  ts->isolate->SetJitCodeEventHandler(v8::kJitCodeEventDefault, nullptr);
  ts->isolate->RemoveGCPrologueCallback(OnGcPrologue, ts);
  ts->isolate->RemoveGCEpilogueCallback(OnGcEpilogue, ts);
  RemoveFromRegistry(ts);
  if (tls_thread_state == ts) tls_thread_state = nullptr;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  delete ts;
}

void RemoveFromRegistry(ThreadState* ts) {
  // Timers are started and stopped under the registry lock (see sampler.cc).
  std::lock_guard<std::mutex> lock(RegistryMutex());
  ts->sampling.store(false);
  ts->timer.Stop();
  {
    std::lock_guard<std::mutex> drain_lock(ts->drain_mutex);
    DrainThreadLocked(*ts);
  }
  auto& threads = Threads();
  threads.erase(std::remove(threads.begin(), threads.end(), ts), threads.end());
  RetiredSamples().fetch_add(ts->samples_taken.load(), std::memory_order_relaxed);
}

void WithRegistryLocked(const std::function<void(const std::vector<ThreadState*>&)>& fn) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  fn(Threads());
}

std::atomic<uint64_t>& RetiredSamples() {
  static auto* n = new std::atomic<uint64_t>(0);
  return *n;
}

void ForEachThread(const std::function<void(ThreadState&)>& fn) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  for (ThreadState* ts : Threads()) fn(*ts);
}

ThreadState* FindThreadByIsolate(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  for (ThreadState* ts : Threads()) {
    if (ts->isolate == isolate) return ts;
  }
  return nullptr;
}

}  // namespace causalprof
