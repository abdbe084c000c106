// The sample store: identical stacks aggregate per thread.
#include "../sample_store.h"

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

#include "../function_table.h"
#include "fixtures.h"

namespace {

using namespace causalprof;

TEST_CASE("SampleStoreAggregatesIdenticalStacksPerThread") {
  SampleStore store;
  const FrameKey stack[] = {MakeFrame(1, 2), MakeFrame(3, 4)};
  const FrameKey shorter[] = {MakeFrame(1, 2)};
  store.Record(0, "main", stack, 2, 1);
  store.Record(0, "main", stack, 2, 3);
  store.Record(0, "main", shorter, 1, 1);
  store.Record(7, "worker", stack, 2, 2);
  auto taken = store.Take();
  CHECK_EQ(taken.size(), 2);
  CHECK((taken[0].name == "main" && taken[7].name == "worker"));
  CHECK_EQ(taken[0].stacks.size(), 2);
  const std::string key(reinterpret_cast<const char*>(stack), sizeof stack);
  CHECK_EQ(taken[0].stacks[key].samples, 2);
  CHECK_EQ(taken[0].stacks[key].periods, 4);
  CHECK_EQ(taken[7].stacks[key].periods, 2);
  CHECK(store.Take().empty());
}

}  // namespace
