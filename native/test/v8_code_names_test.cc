// V8's names for JS code, as each supported line writes them (native/v8_code_names.h).
#include "../v8_code_names.h"

#include <doctest/doctest.h>

#include <string>

namespace {

using causalprof::FunctionNameOf;

std::string NameOf(const char* full, int32_t* line) { return FunctionNameOf(full, line); }

TEST_CASE("FunctionNamesByTierMarkerAndLine") {
  int32_t line = -1;
  CHECK(NameOf("JS:*fib /app/x.js:3:13", &line) == "fib");
  CHECK(line == 3);
  CHECK(NameOf("LazyCompile:~fib file:///x.mjs:7:1", &line) == "fib");  // V8 11's tag, an ES module
  CHECK(line == 7);
  CHECK(NameOf("JS:*'hot /a.js:10:5", &line) == "hot");  // V8 13 adds a ' after the marker
  CHECK(line == 10);
  CHECK(NameOf("JS:^Foo.bar /a.js:2:9", &line) == "Foo.bar");
}

TEST_CASE("AnonymousAndTopLevelCode") {
  int32_t line = -1;
  CHECK(NameOf("JS:~ /app/x.js:3:21", &line) == "(anonymous)");
  CHECK(line == 3);
  CHECK(NameOf("JS:~ /app/x.js:1:1", &line) == "(top level)");  // the module wrapper
  CHECK(NameOf("Script:~ /app/x.js:1:1", &line) == "(top level)");
  CHECK(NameOf("JS:~fn node:internal/http2/core:1872:3", &line) == "fn");  // Node's own code
  CHECK(line == 1872);
}

TEST_CASE("ANameWithoutAPlaceHasNoLine") {
  int32_t line = -1;
  CHECK(NameOf("JS:~run", &line) == "run");
  CHECK(line == 0);
}

}  // namespace
