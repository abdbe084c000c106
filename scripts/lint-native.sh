#!/usr/bin/env bash
# Checks the C/C++ sources against .clang-format (run by `npm run lint`).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find native -name '*.cc' -o -name '*.h' | sort)
npx --no-install clang-format --dry-run --Werror "${files[@]}" bench/timer-cost.c
# The benchmark is built only by hand (bench/README.md), so compile-check it here.
cc -std=gnu11 -Wall -Wextra -Werror -pthread -fsyntax-only bench/timer-cost.c
