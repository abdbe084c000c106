#!/usr/bin/env bash
# The whole addon under AddressSanitizer and UndefinedBehaviorSanitizer inside real Node
# processes, on real V8 code events: the signal handler, the perf ring's walk, the drain,
# the code map, delays and wake rules, and workers that come and go.
#
#   scripts/sanitized-addon.sh                 # Node 20 (this machine's), the default tests
#   scripts/sanitized-addon.sh -- test/x.ts    # other test files (arguments go to vitest)
#
# 1. scripts/native-tests.sh --addon builds the native unit tests and the addon with
#    -fsanitize=address,undefined (CMake, into build-native/node-MAJOR/, never build/) and
#    runs both: the unit tests with leak checking, scripts/smoke-lines.js with the addon.
# 2. A directory holding only that binary, as this Node's prebuild, is what node-gyp-build
#    loads (CAUSALPROF_PREBUILD), so every causalprof in every child process is the
#    sanitized one; the ASan runtime is preloaded (LD_PRELOAD) into vitest and every node
#    it starts, since node itself is not instrumented.
# 3. The tests run with halt_on_error: any report aborts that process, and its test fails
#    with the report on its stderr. Leak checking is off inside Node, which leaks at exit
#    by design; the unit tests of step 1 check leaks.
# Slower than a plain run (about 2x); the tests chosen assert behaviour and ratios, not
# timings, and CAUSALPROF_TEST_SLOWDOWN=2 gives the one that counts experiments in a fixed
# time (64 workers) twice the time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

tests=(test/sample-threads.test.ts test/sample-ring.test.ts test/wake-rules.test.ts
  test/worker-churn.test.ts test/coexist.test.ts)
if [[ "${1:-}" == "--" ]]; then
  shift
  tests=("$@")
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
abi="$(node -p 'process.versions.modules')"
bash scripts/native-tests.sh --addon "$major"

view="$ROOT/.cache/sanitized-view"
rm -rf "$view"
mkdir -p "$view/prebuilds/linux-x64"
cp package.json "$view/package.json"
cp "build-native/node-$major/causalprof.node" "$view/prebuilds/linux-x64/causalprof.abi$abi.node"
picked="$(CAUSALPROF_PREBUILD="$view" node -p "require('./dist/lib/native-binary').chooseBinary('$ROOT')")"
echo "sanitized-addon: Node $major loads ${picked#"$ROOT"/}"

libasan="$("${CXX:-g++}" -print-file-name=libasan.so)"
echo "=== vitest with the sanitized addon: ${tests[*]}"
LD_PRELOAD="$libasan" \
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  CAUSALPROF_PREBUILD="$view" \
  CAUSALPROF_TEST_SLOWDOWN=2 \
  npx vitest run "${tests[@]}"
