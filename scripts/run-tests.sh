#!/usr/bin/env bash
# Install what is missing, build with warnings as errors, and run every test (unit + end to end).
# Long soak and fuzz runs carry the labels soak/fuzz and are left out here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DFACECERT_WERROR=ON
# Two tests at a time (the machine has 2 cores; many tests wait on devices and pacing).
(cd "${FACECERT_BUILD_DIR:-build}" && ctest --output-on-failure --timeout 600 -j "$(nproc)" -LE 'soak|fuzz' "$@")
# Fuzz smoke: each libFuzzer target for 20 s under ASan/UBSan (build-fuzz/; long runs by hand).
if command -v clang++ >/dev/null || command -v clang++-14 >/dev/null; then
  bash scripts/run-fuzz.sh 10
else
  echo "run-tests: clang not installed, fuzz smoke skipped"
fi
