// Native unit tests: the parts of the profiler that work without V8 running JS.
//   - CodeEntry::LineAt, and the code map fed with synthetic JIT code events (builtins,
//     bytecode, moves, removals, line recording without a script);
//   - ResolveSample on synthetic raw samples: leaf recovery from the interpreter's
//     registers and frame slots, the VM-state labels, rejection of garbage;
//   - FunctionTable interning (also from several threads) and FrameKey packing;
//   - SampleStore aggregation;
//   - SampleRing alone, and as the real producer/consumer pair: a real signal handler on
//     a thread whose CPU-time timer is a real SampleTimer (perf task-clock when the
//     kernel allows it, and the POSIX CPU timer), drained from another thread, with a
//     stall that makes the ring drop.
// Plain C++ with CHECKs that stay on under NDEBUG. Built and run (under ASan + UBSan) by
// scripts/native-tests.sh; the last line is "N passed, N failed".
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

#include "../code_map.h"
#include "../config.h"
#include "../copied_stack_walker.h"
#include "../frame_resolver.h"
#include "../function_table.h"
#include "../gc_windows.h"
#include "../perf_ring.h"
#include "../raw_sample.h"
#include "../sample_ring.h"
#include "../sample_store.h"
#include "../sample_timer.h"
#include "../v8_compat.h"

namespace {

using namespace causalprof;

int g_failed_checks = 0;
bool g_quiet = false;  // while an expected failure runs

#define CHECK(cond)                                                                            \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      if (!g_quiet) fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++g_failed_checks;                                                                       \
    }                                                                                          \
  } while (0)

#define CHECK_EQ(a, b)                                                                                     \
  do {                                                                                                     \
    const long long va_ = static_cast<long long>(a), vb_ = static_cast<long long>(b);                      \
    if (va_ != vb_) {                                                                                      \
      if (!g_quiet)                                                                                        \
        fprintf(stderr, "  %s:%d: CHECK_EQ failed: %s == %s (%lld vs %lld)\n", __FILE__, __LINE__, #a, #b, \
                va_, vb_);                                                                                 \
      ++g_failed_checks;                                                                                   \
    }                                                                                                      \
  } while (0)

struct TestCase {
  const char* name;
  void (*fn)();
  const char* expected_failure;  // why it fails for now, or nullptr
};

std::vector<TestCase>& Registry() {
  static std::vector<TestCase> tests;
  return tests;
}

struct Registrar {
  Registrar(const char* name, void (*fn)(), const char* expected_failure = nullptr) {
    Registry().push_back({name, fn, expected_failure});
  }
};

#define TEST(name)                               \
  void name();                                   \
  const Registrar registrar_##name(#name, name); \
  void name()

// A test of a fix that has not landed yet: its failure is reported, not counted; once it
// passes it says so, and the mark should go.
#define TEST_PENDING_FIX(name, why)                   \
  void name();                                        \
  const Registrar registrar_##name(#name, name, why); \
  void name()

// ---------------------------------------------------------------------------------------
// Synthetic code events

// Owns the name of one JIT code event.
struct Event {
  v8::JitCodeEvent e{};
  std::string name;

  Event(v8::JitCodeEvent::EventType type, v8::JitCodeEvent::CodeType code_type, uintptr_t start, size_t len,
        std::string n = "")
      : name(std::move(n)) {
    e.type = type;
    e.code_type = code_type;
    e.code_start = reinterpret_cast<void*>(start);
    e.code_len = len;
    e.name.str = name.c_str();
    e.name.len = name.size();
  }
};

void AddCode(CodeMap& map, v8::JitCodeEvent::CodeType type, uintptr_t start, size_t len, const char* name) {
  Event ev(v8::JitCodeEvent::CODE_ADDED, type, start, len, name);
  map.OnCodeEvent(&ev.e);
}

constexpr auto kJit = v8::JitCodeEvent::JIT_CODE;
constexpr auto kByteCode = v8::JitCodeEvent::BYTE_CODE;

// A V8-like layout: builtins in one range, bytecode arrays (tagged pointer = start of the
// first bytecode - header) in the heap.
constexpr uintptr_t kHandler = 0x100000;                              // BytecodeHandler:Add
constexpr uintptr_t kTrampoline = 0x101000;                           // InterpreterEntryTrampoline
constexpr uintptr_t kMathSqrt = 0x102000;                             // an ordinary builtin
constexpr uintptr_t kJsEntry = 0x103000;                              // JSEntryTrampoline
constexpr uintptr_t kF = 0x7f0000100040;                              // bytecode of f (first bytecode)
constexpr uintptr_t kG = 0x7f0000200040;                              // bytecode of g
constexpr uintptr_t kHeader = compat::kFirstBytecodeFromTaggedArray;  // first bytecode - tagged array
constexpr uintptr_t kTaggedF = kF - kHeader;                          // what r12 / [fp-32] hold while f runs
constexpr uintptr_t kTaggedG = kG - kHeader;

struct Fixture {
  CodeMap map;
  uint32_t f_id = 0, g_id = 0;

  Fixture() {
    AddCode(map, kJit, kHandler, 0x200, "BytecodeHandler:Add");
    AddCode(map, kJit, kTrampoline, 0x300, "Builtin:InterpreterEntryTrampoline");
    AddCode(map, kJit, kMathSqrt, 0x100, "Builtin:MathSqrt");
    AddCode(map, kJit, kJsEntry, 0x100, "Builtin:JSEntryTrampoline");
    AddCode(map, kByteCode, kF, 0x80, "JS:~f /t.js:1:1");
    AddCode(map, kByteCode, kG, 0x40, "JS:~g /t.js:9:1");
    std::lock_guard<std::mutex> lock(map.mutex);
    f_id = map.Lookup(kF)->function_id;
    g_id = map.Lookup(kG)->function_id;
  }
};

RawSample JsSample() {
  RawSample s;
  memset(&s, 0, sizeof s);
  s.vm_state = compat::kJs;
  s.weight = 1;
  return s;
}

uintptr_t Smi(intptr_t value) { return static_cast<uintptr_t>(value) << compat::kSmiShift; }

// ---------------------------------------------------------------------------------------
// CodeEntry::LineAt

TEST(LineAtWithoutTableIsTheStartLine) {
  CodeEntry e;
  e.start_line = 7;
  CHECK_EQ(e.LineAt(0), 7);
  CHECK_EQ(e.LineAt(123456), 7);
}

TEST(LineAtTakesTheLastPointAtOrBeforeTheOffset) {
  CodeEntry e;
  e.start_line = 1;
  e.lines = {{0, 10}, {5, 11}, {20, 13}};
  CHECK_EQ(e.LineAt(0), 10);
  CHECK_EQ(e.LineAt(4), 10);
  CHECK_EQ(e.LineAt(5), 11);
  CHECK_EQ(e.LineAt(19), 11);
  CHECK_EQ(e.LineAt(20), 13);
  CHECK_EQ(e.LineAt(0xffffffffu), 13);
  CodeEntry late;  // code before the first position belongs to the first line
  late.lines = {{8, 3}, {16, 4}};
  CHECK_EQ(late.LineAt(0), 3);
  CHECK_EQ(late.LineAt(16), 4);
}

// ---------------------------------------------------------------------------------------
// FunctionTable and FrameKey

TEST(FunctionTableInternsByNameFileAndLine) {
  FunctionTable t;
  const uint32_t labels[] = {t.gc_id,           t.idle_id,     t.program_id,  t.native_id,
                             t.atomics_wait_id, t.compiler_id, t.truncated_id};
  constexpr size_t kLabels = sizeof labels / sizeof labels[0];
  for (size_t i = 0; i < kLabels; ++i) {
    for (size_t j = i + 1; j < kLabels; ++j) CHECK(labels[i] != labels[j]);
    CHECK_EQ(t.FileOf(labels[i]), 0);
  }
  const uint32_t a = t.Intern("f", "/a.js", 3);
  CHECK_EQ(t.Intern("f", "/a.js", 3), a);
  const uint32_t other_line = t.Intern("f", "/a.js", 4);
  const uint32_t other_file = t.Intern("f", "/b.js", 3);
  const uint32_t other_name = t.Intern("g", "/a.js", 3);
  CHECK(other_line != a && other_file != a && other_name != a && other_file != other_line);
  const std::vector<FunctionInfo> all = t.Snapshot();
  CHECK_EQ(all.size(), kLabels + 4);
  CHECK(all[t.gc_id].name == "(garbage collector)");
  CHECK(all[a].name == "f" && all[a].file == "/a.js" && all[a].start_line == 3);
  CHECK(all[other_file].file == "/b.js");
  CHECK(t.FileOf(a) != 0);
  CHECK_EQ(t.FileOf(other_line), t.FileOf(a));
  CHECK_EQ(t.FileOf(other_name), t.FileOf(a));
  CHECK(t.FileOf(other_file) != t.FileOf(a));
  CHECK_EQ(t.FileOf(999999), 0);
  const std::vector<std::string> files = t.Files(0);
  CHECK(files.size() == 3 && files[0].empty());
  CHECK(t.Files(t.FileOf(a)).front() == "/a.js");
  CHECK(t.Files(1000).empty());
}

TEST(FunctionTableGivesOneIdPerFunctionAcrossThreads) {
  FunctionTable t;
  constexpr int kThreads = 4, kNames = 500;
  std::vector<std::vector<uint32_t>> ids(kThreads, std::vector<uint32_t>(kNames));
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < kNames; ++i) {
        const int n = (i * 7 + k * 131) % kNames;  // each thread in its own order
        ids[k][n] = t.Intern("fn" + std::to_string(n), "/file" + std::to_string(n % 5) + ".js", n);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int k = 1; k < kThreads; ++k) CHECK(ids[k] == ids[0]);
  CHECK_EQ(t.Snapshot().size(), 7 + kNames);  // the labels, then the names
  CHECK_EQ(t.Files(0).size(), 1 + 5);
}

TEST(FrameKeyPacksFunctionAndLine) {
  const FrameKey f = MakeFrame(123, 45);
  CHECK_EQ(FrameFunction(f), 123);
  CHECK_EQ(FrameLine(f), 45);
  CHECK_EQ(FrameLine(MakeFrame(1, -5)), 0);
  CHECK_EQ(FrameFunction(MakeFrame(0xffffffffu, 7)), 0xffffffffu);
  CHECK_EQ(FrameLine(MakeFrame(0xffffffffu, 7)), 7);
}

// ---------------------------------------------------------------------------------------
// SampleStore

TEST(SampleStoreAggregatesIdenticalStacksPerThread) {
  SampleStore store;
  const FrameKey stack[] = {MakeFrame(1, 2), MakeFrame(3, 4)};
  const FrameKey shorter[] = {MakeFrame(1, 2)};
  store.Record(0, "main", stack, 2, 1);
  store.Record(0, "main", stack, 2, 3);
  store.Record(0, "main", shorter, 1, 1);
  store.Record(7, "worker", stack, 2, 2);
  auto taken = store.Take();
  CHECK_EQ(taken.size(), 2);
  CHECK(taken[0].name == "main" && taken[7].name == "worker");
  CHECK_EQ(taken[0].stacks.size(), 2);
  const std::string key(reinterpret_cast<const char*>(stack), sizeof stack);
  CHECK_EQ(taken[0].stacks[key].samples, 2);
  CHECK_EQ(taken[0].stacks[key].periods, 4);
  CHECK_EQ(taken[7].stacks[key].periods, 2);
  CHECK(store.Take().empty());
}

// ---------------------------------------------------------------------------------------
// CodeMap

TEST(CodeMapClassifiesCodeByEventAndName) {
  Fixture fx;
  AddCode(fx.map, kJit, 0x103000, 0x10, "Builtin:InterpreterEnterAtBytecode");
  AddCode(fx.map, kJit, 0x104000, 0x10, "RegExp:a+b");
  AddCode(fx.map, kJit, 0x105000, 0x10, "JS:*h /t.js:3:1");  // no script: not JS code we can place
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  CHECK(fx.map.Lookup(kHandler + 0x10)->kind == CodeKind::kBytecodeHandler);
  CHECK(fx.map.Lookup(kTrampoline)->kind == CodeKind::kInterpreterEntry);
  CHECK(fx.map.Lookup(0x103005)->kind == CodeKind::kInterpreterEntry);
  CHECK(fx.map.Lookup(kMathSqrt + 0xff)->kind == CodeKind::kBuiltin);
  CHECK(fx.map.Lookup(0x104000)->kind == CodeKind::kOther);
  CHECK(fx.map.Lookup(0x105000)->kind == CodeKind::kOther);
  CHECK(fx.map.Lookup(kF + 0x7f)->kind == CodeKind::kBytecode);
  CHECK(fx.map.Lookup(kMathSqrt + 0x100) == nullptr);  // one past the end
  CHECK(fx.map.Lookup(kHandler - 1) == nullptr);
  CHECK(fx.map.Lookup(0) == nullptr);
  CHECK(fx.map.Lookup(UINTPTR_MAX) == nullptr);
  CHECK(fx.f_id != fx.g_id);
}

TEST(CodeMapFindsBytecodeByTaggedArrayPointer) {
  Fixture fx;
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  const CodeEntry* f = fx.map.BytecodeForArray(kTaggedF);
  CHECK(f != nullptr && f->function_id == fx.f_id);
  CHECK(fx.map.BytecodeForArray(kTaggedG)->function_id == fx.g_id);
  CHECK(fx.map.BytecodeForArray(kTaggedF + 1) == nullptr);     // not tagged
  CHECK(fx.map.BytecodeForArray(kF - 0x1001) == nullptr);      // too far before any bytecode
  CHECK(fx.map.BytecodeForArray(kHandler - 0x27) == nullptr);  // a builtin follows, not bytecode
  CHECK(fx.map.BytecodeForArray(kG + 0x1001) == nullptr);      // nothing follows
}

TEST(CodeMapFollowsMovesAndRemovals) {
  Fixture fx;
  constexpr uintptr_t kNewF = 0x7f0000300040;
  Event moved(v8::JitCodeEvent::CODE_MOVED, kByteCode, kF, 0x80);
  moved.e.new_code_start = reinterpret_cast<void*>(kNewF);
  fx.map.OnCodeEvent(&moved.e);
  {
    std::lock_guard<std::mutex> lock(fx.map.mutex);
    CHECK(fx.map.Lookup(kF) == nullptr);
    const CodeEntry* e = fx.map.Lookup(kNewF + 0x10);
    CHECK(e != nullptr && e->function_id == fx.f_id && e->start == kNewF && e->size == 0x80);
    CHECK(fx.map.BytecodeForArray(kNewF - kHeader) == e);
  }
  Event removed(v8::JitCodeEvent::CODE_REMOVED, kByteCode, kNewF, 0x80);
  fx.map.OnCodeEvent(&removed.e);
  Event unknown(v8::JitCodeEvent::CODE_REMOVED, kByteCode, 0x42, 1);  // never added: ignored
  fx.map.OnCodeEvent(&unknown.e);
  std::lock_guard<std::mutex> lock(fx.map.mutex);
  CHECK(fx.map.Lookup(kNewF + 0x10) == nullptr);
  CHECK(fx.map.Lookup(kG) != nullptr);
}

TEST(CodeMapDropsLinePositionsOfCodeWithoutScript) {
  // START/ADD/END line info, then CODE_ADDED without a script: the positions must be
  // consumed (LeakSanitizer checks nothing is left behind) and no table appear.
  CodeMap map;
  constexpr uintptr_t kCode = 0x7f0000400000;
  Event start(v8::JitCodeEvent::CODE_START_LINE_INFO_RECORDING, kByteCode, 0, 0);
  map.OnCodeEvent(&start.e);
  CHECK(start.e.user_data != nullptr);
  for (size_t i = 0; i < 5; ++i) {
    Event pos(v8::JitCodeEvent::CODE_ADD_LINE_POS_INFO, kByteCode, 0, 0);
    pos.e.user_data = start.e.user_data;
    pos.e.line_info.offset = i * 4;
    pos.e.line_info.pos = 100 + i;
    map.OnCodeEvent(&pos.e);
  }
  Event end(v8::JitCodeEvent::CODE_END_LINE_INFO_RECORDING, kByteCode, kCode, 0);
  end.e.user_data = start.e.user_data;
  map.OnCodeEvent(&end.e);
  AddCode(map, kByteCode, kCode, 0x40, "JS:~anonymous");
  std::lock_guard<std::mutex> lock(map.mutex);
  const CodeEntry* e = map.Lookup(kCode);
  CHECK(e != nullptr && e->lines.empty());
}

// V8 reports no removal for most code that dies, and compaction moves live code over its
// memory: entries the map still has there are dead. Two ways they mislead, both seen on
// Node 22 and 24 under --stress-compaction (samples of work() blamed on removeListener):
// BytecodeForArray looks up tagged + kFirstBytecodeFromTaggedArray exactly (code_map.cc).
TEST(CodeMapTakesTheBytecodeExactlyAtTheArray) {
  CodeMap map;
  // Dead bytecode that lay between where g's array now starts and g's first bytecode.
  AddCode(map, kByteCode, kG - 0x18, 0x10, "JS:~dead /t.js:20:1");
  AddCode(map, kByteCode, kG, 0x40, "JS:~g /t.js:9:1");
  std::lock_guard<std::mutex> lock(map.mutex);
  const CodeEntry* g = map.BytecodeForArray(kTaggedG);
  CHECK(g != nullptr && g->start == kG);
  CHECK(map.Lookup(kG - 0x10) == nullptr);  // the array's header is not the dead code's
}

// Code added or moved erases the entries it overlaps (code_map.cc).
TEST(CodeMapForgetsDeadCodeWhereCodeMovesTo) {
  CodeMap map;
  constexpr uintptr_t kDead = 0x7f0000500000;
  AddCode(map, kByteCode, kDead, 0x100, "JS:~dead /t.js:20:1");
  AddCode(map, kByteCode, kF, 0x80, "JS:~f /t.js:1:1");
  Event moved(v8::JitCodeEvent::CODE_MOVED, kByteCode, kF, 0x80);
  moved.e.new_code_start = reinterpret_cast<void*>(kDead - 0x40);  // over the dead code's start
  map.OnCodeEvent(&moved.e);
  std::lock_guard<std::mutex> lock(map.mutex);
  const CodeEntry* f = map.Lookup(kDead - 0x40);
  CHECK(f != nullptr);
  const CodeEntry* inside = map.Lookup(kDead + 0x10);  // f's code, past the dead entry's start
  CHECK(inside == f);
  CHECK(map.Lookup(kDead + 0x60) == nullptr);
}

// ---------------------------------------------------------------------------------------
// ResolveSample

TEST(ResolveRecoversInterpretedLeafFromHandlerRegisters) {
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

TEST(ResolveRecoversInterpretedLeafFromFrameSlots) {
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

TEST(ResolveRejectsRegistersThatAreNotAFrame) {
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

TEST(ResolveLabelsVmStates) {
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

TEST(ResolveKeepsAtMostMaxFramesPlusLeaf) {
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

// ---------------------------------------------------------------------------------------
// SampleRing

TEST(SampleRingIsBoundedFifoThatDropsWhenFull) {
  auto ring = std::make_unique<SampleRing>();
  uint64_t next_in = 0, next_out = 0;
  for (int round = 0; round < 10; ++round) {
    for (size_t i = 0; i < kRingCapacitySamples; ++i) {
      RawSample* s = ring->TryReserve();
      CHECK(s != nullptr);
      if (s == nullptr) return;
      s->time_ns = next_in++;
      ring->Commit();
    }
    CHECK(ring->TryReserve() == nullptr);
    CHECK_EQ(ring->dropped(), round + 1);
    const size_t n = ring->Drain([&](const RawSample& s) { CHECK_EQ(s.time_ns, next_out++); });
    CHECK_EQ(n, kRingCapacitySamples);
    CHECK_EQ(ring->Drain([](const RawSample&) {}), 0);
  }
  // A reserved slot that is not committed is not seen.
  ring->TryReserve();
  CHECK_EQ(ring->Drain([](const RawSample&) {}), 0);
}

// The real thing: a signal handler fills the ring on a thread whose CPU-time timer is a
// SampleTimer; another thread drains it, then stalls so the ring fills and drops.
namespace signal_test {

SampleRing* ring = nullptr;
std::atomic<pid_t> target_tid{0};
std::atomic<uint64_t> signals{0}, wrong_thread{0};
uint64_t next_seq = 0;  // only the handler, on the target thread, touches it

pid_t Tid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

void Handler(int, siginfo_t* info, void*) {
  const int saved_errno = errno;
  if (Tid() != target_tid.load(std::memory_order_relaxed)) {
    wrong_thread.fetch_add(1, std::memory_order_relaxed);
  } else {
    signals.fetch_add(1, std::memory_order_relaxed);
    RawSample* s = ring->TryReserve();
    if (s != nullptr) {
      s->time_ns = next_seq;
      s->weight = info->si_code == SI_TIMER ? 1u + static_cast<uint32_t>(info->si_overrun) : 1u;
      s->frame_count = 0;
      s->frames[kMaxFrames - 1] = reinterpret_cast<void*>(next_seq);
      ++next_seq;
      ring->Commit();
    }
  }
  errno = saved_errno;
}

uint64_t ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

volatile double sink;
void SpinCpuMs(uint64_t ms) {
  const uint64_t until = ThreadCpuNs() + ms * 1000000ull;
  double x = 1;
  while (ThreadCpuNs() < until) {
    for (int i = 0; i < 1000; ++i) x = x * 1.0000001 + 1e-9;
  }
  sink = x;
}

struct Result {
  TimerKind kind = TimerKind::kNone;
  uint64_t signals = 0, drained = 0, weights = 0, dropped = 0, stall_signals = 0, after_stop = 0;
  bool in_order = true;
};

Result Run(bool force_posix) {
  constexpr uint64_t kRunMs = 150, kStallMs = 250, kAfterStopMs = 60;
  const int signo = SIGRTMIN + 7;
  struct sigaction action {};
  action.sa_sigaction = Handler;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(signo, &action, nullptr);

  auto owned = std::make_unique<SampleRing>();
  ring = owned.get();
  next_seq = 0;
  signals = 0;
  wrong_thread = 0;
  std::atomic<int> phase{0};  // 0 running+drained, 1 stalled, 2 stopped, 3 done
  Result r;
  uint64_t stall_start_signals = 0;

  std::thread producer([&] {
    target_tid = Tid();
    SampleTimer timer;
    r.kind = timer.Start(Tid(), pthread_self(), 1000, signo,
                         force_posix ? TimerMode::kPosix : TimerMode::kPerfSignal);
    if (r.kind == TimerKind::kNone) {
      phase = 3;
      return;
    }
    SpinCpuMs(kRunMs);
    stall_start_signals = signals.load();
    phase = 1;
    SpinCpuMs(kStallMs);
    r.stall_signals = signals.load() - stall_start_signals;
    timer.Stop();
    const uint64_t at_stop = signals.load();
    phase = 2;
    SpinCpuMs(kAfterStopMs);
    r.after_stop = signals.load() - at_stop;
    phase = 3;
  });

  uint64_t expected = 0;
  auto drain = [&] {
    r.drained += ring->Drain([&](const RawSample& s) {
      if (s.time_ns != expected || s.frames[kMaxFrames - 1] != reinterpret_cast<void*>(expected) ||
          s.weight < 1) {
        r.in_order = false;
      }
      expected = s.time_ns + 1;
      r.weights += s.weight;
    });
  };
  while (phase.load() != 3) {
    if (phase.load() != 1) drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  producer.join();
  drain();
  r.signals = signals.load();
  r.dropped = ring->dropped();
  ring = nullptr;
  signal(signo, SIG_DFL);
  return r;
}

void Verify(const Result& r, const char* what) {
  fprintf(stderr,
          "  %s: timer=%s signals=%" PRIu64 " drained=%" PRIu64 " weights=%" PRIu64 " dropped=%" PRIu64
          " stall=%" PRIu64 " after-stop=%" PRIu64 "\n",
          what, TimerKindName(r.kind), r.signals, r.drained, r.weights, r.dropped, r.stall_signals,
          r.after_stop);
  CHECK_EQ(wrong_thread.load(), 0);
  CHECK(r.in_order);
  CHECK_EQ(r.drained + r.dropped, r.signals);
  CHECK_EQ(r.after_stop, 0);
  // A stall longer than the ring drops what does not fit, and only that.
  if (r.stall_signals > kRingCapacitySamples) CHECK(r.dropped >= r.stall_signals - kRingCapacitySamples);
  CHECK(r.dropped <= r.stall_signals);
  // 460 ms of CPU at 1 ms: the periods (the POSIX timer fires at the kernel tick and weights
  // each signal by 1 + overruns; a dropped sample counts once here) within a wide margin.
  const uint64_t periods = r.weights + r.dropped;
  CHECK(periods >= 200);
  CHECK(periods <= 700);
}

}  // namespace signal_test

TEST(SampleRingUnderPerfTaskClockSignals) {
  const signal_test::Result r = signal_test::Run(false);
  if (r.kind != TimerKind::kPerfTaskClock) {
    fprintf(stderr, "  perf_event_open refused here (got %s): only the POSIX timer is tested\n",
            TimerKindName(r.kind));
    if (r.kind == TimerKind::kPosixCpuTimer) signal_test::Verify(r, "fallback");
    return;
  }
  signal_test::Verify(r, "perf");
  CHECK(r.stall_signals > kRingCapacitySamples);  // a true 1 kHz
  CHECK(r.dropped > 0);
}

TEST(SampleRingUnderPosixCpuTimerSignals) {
  const signal_test::Result r = signal_test::Run(true);
  CHECK(r.kind == TimerKind::kPosixCpuTimer);
  if (r.kind == TimerKind::kPosixCpuTimer) signal_test::Verify(r, "posix");
}

// ---------------------------------------------------------------------------------------
// The perf ring: walking a copied stack, GC windows, and the kernel's ring itself

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

TEST(CopiedStackWalkGivesEveryInterpretedFrameLikeGetStackSample) {
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

TEST(CopiedStackWalkSkipsAHandlersOwnFrameAndNonJsFrames) {
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

TEST(CopiedStackWalkStopsAtAChainThatFallsOrLeavesTheCopy) {
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

TEST(CopiedStackWalkMarksAStackThatGoesOnAboveTheCopy) {
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

TEST(GcWindowsNestAndAnswerInTimeOrder) {
  GcWindows w;
  w.Begin(100);
  w.Begin(110);  // a nested callback: one window
  w.End(150);
  w.End(200);
  w.Begin(300);  // still open
  CHECK(!w.InGc(50));
  CHECK(w.InGc(100));
  CHECK(w.InGc(199));
  CHECK(!w.InGc(200));
  CHECK(!w.InGc(250));
  CHECK(w.InGc(1000));
  w.End(1100);
  CHECK(!w.InGc(1100));
}

// The kernel's side: a ring on this thread fills while it spins, with registers and stack.
TEST(PerfRingRecordsThisThreadsRegistersAndStack) {
  PerfRing ring;
  const int err = ring.Open(static_cast<pid_t>(syscall(SYS_gettid)), 1000, kRingStackBytes, kRingDataPages);
  if (err != 0) {
    fprintf(stderr, "  perf ring refused here (%s): not tested\n", strerror(err));
    return;
  }
  volatile uintptr_t marker = 0;
  const uintptr_t here = reinterpret_cast<uintptr_t>(&marker);
  // 60 ms of this thread's CPU time (task-clock counts that, not wall time), so the count
  // does not depend on what else the machine runs.
  auto cpu_ns = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
  };
  const uint64_t end = cpu_ns() + 60000000ull;
  // Mostly in user mode: the task-clock samples only user mode (exclude_kernel), and each
  // clock read is a system call.
  while (cpu_ns() < end) {
    for (int i = 0; i < 100000; i++) marker = marker + 1;
  }
  // Stopped, the ring keeps what it has for the drain (as SampleTimer::Stop relies on), and
  // takes nothing more while this thread goes on running.
  ring.Disable();
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  const uint64_t now_ns =
      static_cast<uint64_t>(now.tv_sec) * 1000000000ull + static_cast<uint64_t>(now.tv_nsec);
  uint64_t last_time = 0;
  size_t with_marker = 0;
  const size_t n = ring.Drain([&](const PerfSample& s) {
    CHECK(s.time_ns > last_time && s.time_ns <= now_ns);  // CLOCK_MONOTONIC, in order
    last_time = s.time_ns;
    CHECK(s.stack_size > 0 && s.stack_size <= kRingStackBytes);
    CHECK(s.sp <= here);
    if (here < s.sp + s.stack_size) with_marker++;  // the copy covers this frame's local
  });
  fprintf(stderr, "  %zu samples in 60 ms of CPU, %zu with this frame in the copy\n", n, with_marker);
  CHECK(n >= 30 && n <= 70);
  CHECK(with_marker >= n * 9 / 10);
  CHECK_EQ(ring.lost(), 0u);
  CHECK_EQ(ring.Drain([](const PerfSample&) {}), 0);  // drained and disabled means empty
  ring.Close();
  CHECK(!ring.is_open());
}

TEST(TimerKindNames) {
  CHECK(strcmp(TimerKindName(TimerKind::kPerfTaskClock), "perf-task-clock") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kPosixCpuTimer), "posix-cpu-timer") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kPerfRing), "perf-ring") == 0);
  CHECK(strcmp(TimerKindName(TimerKind::kNone), "none") == 0);
  SampleTimer never_started;
  never_started.Stop();
  CHECK(never_started.kind() == TimerKind::kNone);
}

}  // namespace

int main(int argc, char** argv) {
  const char* only = argc > 1 ? argv[1] : nullptr;  // optional substring filter
  int passed = 0, failed = 0, pending = 0;
  for (const TestCase& t : Registry()) {
    if (only != nullptr && strstr(t.name, only) == nullptr) continue;
    const int before = g_failed_checks;
    g_quiet = t.expected_failure != nullptr;
    const auto start = std::chrono::steady_clock::now();
    t.fn();
    const long ms = static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count());
    g_quiet = false;
    const bool ok = g_failed_checks == before;
    if (t.expected_failure != nullptr && !ok) {
      printf("todo %s (%ld ms): fails until %s\n", t.name, ms, t.expected_failure);
      g_failed_checks = before;
      pending++;
      continue;
    }
    if (t.expected_failure != nullptr) {
      printf("ok   %s (%ld ms): %s has landed, drop TEST_PENDING_FIX\n", t.name, ms, t.expected_failure);
    } else {
      printf("%s %s (%ld ms)\n", ok ? "ok  " : "FAIL", t.name, ms);
    }
    fflush(stdout);
    (ok ? passed : failed)++;
  }
  if (pending > 0) printf("%d pending fix(es) not counted\n", pending);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
