// The native tests' entry: doctest's runner (configured in CMakeLists.txt: no exceptions,
// no signal handlers of its own, which would stand beside the tests' real-time ones).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
