// The perf ring's walk: frames from a copied stack, as GetStackSample would give them.
#include "../copied_stack_walker.h"

#include <doctest/doctest.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../config.h"
#include "../frame_resolver.h"
#include "../function_table.h"
#include "../perf_ring.h"
#include "fixtures.h"

namespace {

using namespace causalprof;

// A stack copy as the kernel writes it: words from sp up, addressed as on the thread.
// The top of the thread's stack that FakeStack copies the bottom 512 bytes of.
constexpr uintptr_t kStackHigh = 0x7ffd00101000;

struct FakeStack {
  static constexpr uintptr_t kSp = 0x7ffd00001000;
  std::vector<uintptr_t> words = std::vector<uintptr_t>(64, 0);
  void Set(uintptr_t address, uintptr_t value) { words[(address - kSp) / 8] = value; }
  PerfSample Sample(uintptr_t pc, uintptr_t fp) const {
    PerfSample s{};
    s.time_ns = 1;
    s.pc = pc;
    s.sp = kSp;
    s.fp = fp;
    s.stack = reinterpret_cast<const uint8_t*>(words.data());
    s.stack_size = words.size() * 8;
    return s;
  }
  // An interpreted frame at fp running `tagged_array` at `first_bytecode + delta`.
  void Interpreted(uintptr_t fp, uintptr_t tagged_array, uintptr_t bytecode_address, uintptr_t caller_fp,
                   uintptr_t return_address) {
    Set(fp - 32, tagged_array);
    Set(fp - 40, Smi(static_cast<intptr_t>(bytecode_address - tagged_array)));
    Set(fp, caller_fp);
    Set(fp + 8, return_address);
  }
};

TEST_CASE("CopiedStackWalkGivesEveryInterpretedFrameLikeGetStackSample") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  FakeStack st;
  const uintptr_t fp_f = FakeStack::kSp + 0x40, fp_g = FakeStack::kSp + 0x100;
  st.Interpreted(fp_f, kTaggedF, kF + 0x10, fp_g, kHandler + 0x30);  // f, called from g's handler
  st.Interpreted(fp_g, kTaggedG, kG + 0x8, 0, 0);                    // the outermost frame: the chain ends
  RawSample raw;
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 2);
  CHECK_EQ(reinterpret_cast<uintptr_t>(raw.frames[0]), kF + 0x10);
  CHECK_EQ(reinterpret_cast<uintptr_t>(raw.frames[1]), kG + 0x8);
  CHECK(raw.stack_words_valid);
  CHECK_EQ(raw.frame_bytecode, kTaggedF);

  // Resolved: f (the leaf, its line from r12/r9 when they are set), then g, once each.
  raw.r12 = kTaggedF;
  raw.r9 = (kF + 0x11) - kTaggedF;
  ResolvedStack out;
  ResolveSample(raw, fx.map, &out);
  CHECK(out.leaf_recovered);
  CHECK_EQ(out.count, 2);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
  CHECK_EQ(FrameFunction(out.frames[1]), fx.g_id);
}

TEST_CASE("CopiedStackWalkSkipsAHandlersOwnFrameAndNonJsFrames") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  FakeStack st;
  // A bytecode handler that calls out builds its own frame: its slots hold no bytecode array.
  const uintptr_t fp_handler = FakeStack::kSp + 0x30, fp_f = FakeStack::kSp + 0x80;
  st.Set(fp_handler - 32, 0x51);
  st.Set(fp_handler - 40, Smi(4));
  st.Set(fp_handler, fp_f);
  st.Set(fp_handler + 8, kTrampoline + 0x10);
  st.Interpreted(fp_f, kTaggedF, kF + 0x20, FakeStack::kSp + 0x10000, 0x400000 /* C++ */);
  RawSample raw;
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_handler), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 1);
  CHECK_EQ(reinterpret_cast<uintptr_t>(raw.frames[0]), kF + 0x20);

  // A leaf in a frameless builtin: fp is still f's frame, which the walk (taking it for the
  // builtin's) passes over; the resolver recovers f from its slots, as for a signal sample.
  RawSampleFromCopiedStack(st.Sample(kMathSqrt + 0x8, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 0);
  ResolvedStack out;
  ResolveSample(raw, fx.map, &out);
  CHECK(out.leaf_recovered);
  CHECK_EQ(out.count, 1);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
}

TEST_CASE("CopiedStackWalkStopsAtAChainThatFallsOrLeavesTheCopy") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  FakeStack st;
  const uintptr_t fp_f = FakeStack::kSp + 0x80;
  // f's caller fp points back down the stack (a frameless C++ function's garbage).
  st.Interpreted(fp_f, kTaggedF, kF + 0x20, FakeStack::kSp + 0x40, kHandler + 0x30);
  st.Interpreted(FakeStack::kSp + 0x40, kTaggedG, kG + 0x8, fp_f, kHandler + 0x30);
  RawSample raw;
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 1);
  // An fp outside the copy reads nothing: no frames, no stack words.
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, 0x1234), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 0);
  CHECK(!raw.stack_words_valid);
  // The VM state, from what the ring has: the GC windows, and whether pc is in V8's code.
  CHECK_EQ(raw.vm_state, compat::kJs);
  RawSampleFromCopiedStack(st.Sample(0x400000, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.vm_state, compat::kExternal);
  RawSampleFromCopiedStack(st.Sample(0x400000, fp_f), fx.map, true, kStackHigh, &raw);
  CHECK_EQ(raw.vm_state, compat::kGc);
  // A copy shorter than a word (the kernel copied nothing) is empty, not an underflow.
  PerfSample empty = st.Sample(kHandler + 0x20, fp_f);
  empty.stack_size = 0;
  RawSampleFromCopiedStack(empty, fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 0);
}

TEST_CASE("CopiedStackWalkMarksAStackThatGoesOnAboveTheCopy") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  FakeStack st;
  const uintptr_t fp_f = FakeStack::kSp + 0x80;
  // f's caller's frame is above the 512-byte copy, still inside the thread's stack.
  st.Interpreted(fp_f, kTaggedF, kF + 0x20, FakeStack::kSp + 0x4000, kHandler + 0x30);
  RawSample raw;
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 1);
  CHECK(raw.stack_truncated);
  ResolvedStack out;
  ResolveSample(raw, fx.map, &out);
  CHECK_EQ(out.count, 2);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
  CHECK_EQ(FrameFunction(out.frames[1]), Functions().truncated_id);
  // Past the frame that entered JS from C++, the rest is the embedder's C++: no cut of JS.
  const uintptr_t fp_entry = FakeStack::kSp + 0x100;
  st.Interpreted(fp_f, kTaggedF, kF + 0x20, fp_entry, kJsEntry + 0x10);
  st.Set(fp_entry, FakeStack::kSp + 0x4000);  // C++ frames above the copy
  st.Set(fp_entry + 8, 0x400000);
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_f), fx.map, false, kStackHigh, &raw);
  CHECK_EQ(raw.frame_count, 1);
  CHECK(!raw.stack_truncated);
  st.Interpreted(fp_f, kTaggedF, kF + 0x20, FakeStack::kSp + 0x4000, kHandler + 0x30);
  // Past the top of the thread's stack it is the end of the chain, not a cut.
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, fp_f), fx.map, false, FakeStack::kSp + 0x1000, &raw);
  CHECK(!raw.stack_truncated);
  // So is a walk that found no frame at all (a garbage fp).
  RawSampleFromCopiedStack(st.Sample(kHandler + 0x20, FakeStack::kSp + 0x8000), fx.map, false, kStackHigh,
                           &raw);
  CHECK_EQ(raw.frame_count, 0);
  CHECK(!raw.stack_truncated);
  // A signal sample's walk is V8's, on the live stack: never marked.
  RawSample live = JsSample();
  ResolveSample(live, fx.map, &out);
  CHECK(FrameFunction(out.frames[out.count - 1]) != Functions().truncated_id);
}

}  // namespace
