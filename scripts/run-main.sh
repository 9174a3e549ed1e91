#!/usr/bin/env bash
# The main job: install what is missing, build, and run the full Shanghai plan against the
# built-in reference device. Prints where the report is. Extra arguments go to `facecert run`
# (e.g. --refdev-flaw plaintext-http, --lang en).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec "${FACECERT_BUILD_DIR:-build}/facecert" run --plan test-plans/shanghai-2021.xml --device refdev "$@"
