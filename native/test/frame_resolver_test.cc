// ResolveSample on synthetic raw samples: leaf recovery from the interpreter's registers and frame slots, the
// VM-state labels, rejection of garbage.
#include "../frame_resolver.h"

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
#include "../function_table.h"
#include "fixtures.h"

namespace {

using namespace causalprof;

TEST_CASE("ResolveRecoversInterpretedLeafFromHandlerRegisters") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  RawSample s = JsSample();
  s.pc = kHandler + 0x20;
  s.r12 = kTaggedF;
  s.r9 = (kF + 0x10) - kTaggedF;
  s.frame_count = 1;
  s.frames[0] = reinterpret_cast<void*>(kG + 0x8);  // V8's walk starts at the caller (Node 20)
  ResolvedStack out;
  ResolveSample(s, fx.map, &out);
  CHECK(out.leaf_recovered);
  CHECK_EQ(out.count, 2);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
  CHECK_EQ(FrameFunction(out.frames[1]), fx.g_id);

  // Node 22/24: the walk already starts at the leaf (with a stale position): replace it.
  s.frame_count = 2;
  s.frames[0] = reinterpret_cast<void*>(kF + 0x4);
  s.frames[1] = reinterpret_cast<void*>(kG + 0x8);
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(out.count, 2);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
  CHECK_EQ(FrameFunction(out.frames[1]), fx.g_id);
}

TEST_CASE("ResolveRecoversInterpretedLeafFromFrameSlots") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  RawSample s = JsSample();
  s.pc = kTrampoline + 0x40;  // in the trampoline r12/r9 are not the frame's
  s.r12 = 0;
  s.stack_words_valid = true;
  s.frame_bytecode = kTaggedG;
  s.frame_offset_smi = Smi(static_cast<intptr_t>((kG + 0x3) - kTaggedG));
  ResolvedStack out;
  ResolveSample(s, fx.map, &out);
  CHECK(out.leaf_recovered);
  CHECK_EQ(out.count, 1);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.g_id);

  // An offset that is not a Smi, or points outside the bytecode, is not a frame.
  s.frame_offset_smi |= 1;
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
  s.frame_offset_smi = Smi(0x1000);
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
  CHECK_EQ(out.count, 1);
  CHECK_EQ(FrameFunction(out.frames[0]), Functions().program_id);
  // Stack words that were not read from the thread's stack are not used.
  s.frame_offset_smi = Smi(static_cast<intptr_t>((kG + 0x3) - kTaggedG));
  s.stack_words_valid = false;
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
}

TEST_CASE("ResolveRejectsRegistersThatAreNotAFrame") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  RawSample s = JsSample();
  s.pc = kHandler + 0x20;
  s.r12 = kTaggedF + 1;  // untagged
  s.r9 = 0x10 + kHeader;
  ResolvedStack out;
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
  s.r12 = kTaggedF;
  s.r9 = 0x5000;  // beyond f's bytecode
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
  s.pc = 0xdead0000;  // not code at all
  s.r9 = 0x10 + kHeader;
  ResolveSample(s, fx.map, &out);
  CHECK(!out.leaf_recovered);
  CHECK_EQ(FrameFunction(out.frames[0]), Functions().program_id);
}

TEST_CASE("ResolveLabelsVmStates") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  FunctionTable& fns = Functions();
  RawSample s = JsSample();
  s.frame_count = 1;
  s.frames[0] = reinterpret_cast<void*>(kG + 0x8);
  ResolvedStack out;

  s.vm_state = compat::kGc;
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(out.count, 2);
  CHECK_EQ(FrameFunction(out.frames[0]), fns.gc_id);
  CHECK_EQ(FrameFunction(out.frames[1]), fx.g_id);

  s.vm_state = compat::kExternal;
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(FrameFunction(out.frames[0]), fns.native_id);
  CHECK_EQ(out.count, 2);

  s.vm_state = compat::kIdle;  // idle is only idle
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(out.count, 1);
  CHECK_EQ(FrameFunction(out.frames[0]), fns.idle_id);

  s.vm_state = compat::kAtomicsWait;
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(FrameFunction(out.frames[0]), fns.atomics_wait_id);

  for (int state : {compat::kParser, compat::kBytecodeCompiler, compat::kCompiler}) {
    s.vm_state = state;
    ResolveSample(s, fx.map, &out);
    CHECK_EQ(FrameFunction(out.frames[0]), fns.compiler_id);
  }

  s.vm_state = compat::kJs;  // nothing recoverable, no frames: the program itself
  s.frame_count = 0;
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(out.count, 1);
  CHECK_EQ(FrameFunction(out.frames[0]), fns.program_id);
}

TEST_CASE("ResolveKeepsAtMostMaxFramesPlusLeaf") {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  RawSample s = JsSample();
  s.pc = kHandler;
  s.r12 = kTaggedF;
  s.r9 = kHeader;
  s.frame_count = kMaxFrames;
  for (size_t i = 0; i < kMaxFrames; ++i) s.frames[i] = reinterpret_cast<void*>(kG + 1);
  ResolvedStack out;
  ResolveSample(s, fx.map, &out);
  CHECK_EQ(out.count, kMaxFrames + 1);
  CHECK_EQ(FrameFunction(out.frames[0]), fx.f_id);
}

}  // namespace
