// The sampling signal's choice: the first real-time signal from SIGRTMIN+4 that nobody
// handles, never one the program or a second copy of the addon (its own statics, its own
// handler) holds already; and a handler the program later puts over ours is noticed
// (lib/sampling/session.ts then says samples stopped).
#include "../signal_handler.h"

#include <doctest/doctest.h>
#include <signal.h>

namespace causalprof {
namespace {

void ForeignHandler(int) {}

}  // namespace

TEST_CASE("the sampling signal is one nobody else handles, and a handler put over it is noticed") {
  struct sigaction foreign {};
  foreign.sa_handler = ForeignHandler;
  sigemptyset(&foreign.sa_mask);
  struct sigaction before {};
  REQUIRE(sigaction(SIGRTMIN + 4, &foreign, &before) == 0);

  const int signo = InstallSampleSignalHandler();
  CHECK(signo > SIGRTMIN + 4);
  CHECK(signo <= SIGRTMAX);
  struct sigaction theirs {};
  REQUIRE(sigaction(SIGRTMIN + 4, nullptr, &theirs) == 0);
  const bool left_as_it_was = theirs.sa_handler == ForeignHandler;
  CHECK(left_as_it_was);
  CHECK_FALSE(SampleSignalHandlerReplaced(signo));
  CHECK(InstallSampleSignalHandler() == signo);  // chosen once per process

  struct sigaction ours {};
  REQUIRE(sigaction(signo, &foreign, &ours) == 0);
  CHECK(SampleSignalHandlerReplaced(signo));
  REQUIRE(sigaction(signo, &ours, nullptr) == 0);
  CHECK_FALSE(SampleSignalHandlerReplaced(signo));

  sigaction(SIGRTMIN + 4, &before, nullptr);
}

}  // namespace causalprof
