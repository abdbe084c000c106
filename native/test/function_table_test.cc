// The function table: interning (also from several threads) and FrameKey packing.
#include "../function_table.h"

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

#include "fixtures.h"

namespace {

using namespace causalprof;

TEST_CASE("FunctionTableInternsByNameFileAndLine") {
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
  CHECK((other_line != a && other_file != a && other_name != a && other_file != other_line));
  const std::vector<FunctionInfo> all = t.Snapshot();
  CHECK_EQ(all.size(), kLabels + 4);
  CHECK(all[t.gc_id].name == "(garbage collector)");
  CHECK((all[a].name == "f" && all[a].file == "/a.js" && all[a].start_line == 3));
  CHECK(all[other_file].file == "/b.js");
  CHECK(t.FileOf(a) != 0);
  CHECK_EQ(t.FileOf(other_line), t.FileOf(a));
  CHECK_EQ(t.FileOf(other_name), t.FileOf(a));
  CHECK(t.FileOf(other_file) != t.FileOf(a));
  CHECK_EQ(t.FileOf(999999), 0);
  const std::vector<std::string> files = t.Files(0);
  CHECK((files.size() == 3 && files[0].empty()));
  CHECK(t.Files(t.FileOf(a)).front() == "/a.js");
  CHECK(t.Files(1000).empty());
}

TEST_CASE("FunctionTableGivesOneIdPerFunctionAcrossThreads") {
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

TEST_CASE("FrameKeyPacksFunctionAndLine") {
  const FrameKey f = MakeFrame(123, 45);
  CHECK_EQ(FrameFunction(f), 123);
  CHECK_EQ(FrameLine(f), 45);
  CHECK_EQ(FrameLine(MakeFrame(1, -5)), 0);
  CHECK_EQ(FrameFunction(MakeFrame(0xffffffffu, 7)), 0xffffffffu);
  CHECK_EQ(FrameLine(MakeFrame(0xffffffffu, 7)), 7);
}

}  // namespace

namespace {

using namespace causalprof;

// Positions V8 gives optimized code for code it inlined from another script fall on lines
// of this one that mean nothing (FunctionTable::IsForeignLine).
TEST_CASE("ForeignLinesOfInlinedCodeFromAnotherScript") {
  FunctionTable t;
  const uint32_t top = t.Intern("(top level)", "/f.js", 1);
  const uint32_t outer = t.Intern("outer", "/f.js", 10);
  const uint32_t helper = t.Intern("helper", "/f.js", 30);
  const uint32_t unknown = t.Intern("unknown", "/f.js", 50);
  t.NoteLines(top, 1, 100);
  t.NoteLines(outer, 10, 20);
  t.NoteLines(helper, 30, 40);
  const std::vector<uint32_t> compiled = {top, outer, helper};
  CHECK(!t.IsForeignLine(outer, 15, compiled));     // its own
  CHECK(!t.IsForeignLine(outer, 35, compiled));     // helper's: it may be inlined here
  CHECK(t.IsForeignLine(outer, 60, compiled));      // only the enclosing top level spans it
  CHECK(t.IsForeignLine(outer, 35, {top, outer}));  // helper not compiled in this isolate
  CHECK(!t.IsForeignLine(unknown, 60, compiled));   // no lines known: cannot tell
}

}  // namespace
