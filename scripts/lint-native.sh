#!/usr/bin/env bash
# Checks the C++ sources against .clang-format (run by `npm run lint`).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find native -name '*.cc' -o -name '*.h' | sort)
npx --no-install clang-format --dry-run --Werror "${files[@]}"
