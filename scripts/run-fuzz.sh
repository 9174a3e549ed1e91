#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan, UBSan aborting) into build-fuzz/
# and runs each for SECONDS_PER_TARGET seconds (default 600) on a copy of its seed corpus.
# Crash artefacts go to build-fuzz/artifacts/<target>/. Exits non-zero if any target crashed.
#   bash scripts/run-fuzz.sh          # 10 minutes per target
#   bash scripts/run-fuzz.sh 20       # CI smoke (scripts/run-tests.sh)
#   FUZZ_TARGETS="fuzz_http_parser" bash scripts/run-fuzz.sh 600   # one target
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
build="$ROOT/build-fuzz"
targets=(${FUZZ_TARGETS:-fuzz_capture_reader fuzz_tcp_reassembler fuzz_http_parser fuzz_tls_parser fuzz_carver})

pick() { for c in "$@"; do command -v "$c" >/dev/null && { echo "$c"; return; }; done; }
CXX_BIN="${CXX_FUZZ:-$(pick clang++ clang++-14)}"
if [ -z "$CXX_BIN" ]; then
  echo "run-fuzz: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  # -gline-tables-only: symbolised sanitizer stacks at a fraction of -g's compile time (CI smoke).
  cmake -S "$ROOT" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" -DCMAKE_CXX_COMPILER="$CXX_BIN" \
    -DFACECERT_FUZZ=ON -DFACECERT_BUILD_TESTS=OFF -DFACECERT_BUILD_BENCH=OFF >/dev/null
fi
start=$(date +%s)
nice cmake --build "$build" --parallel "${FUZZ_JOBS:-2}" --target "${targets[@]}"
echo "run-fuzz: built ${#targets[@]} targets in $(( $(date +%s) - start )) s"

# ASan: leaks are reported (libFuzzer -detect_leaks=1). UBSan: print a stack, abort on the first error.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:abort_on_error=1}"

failed=()
summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  log="$build/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -n "$ROOT/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true  # seeds join the work corpus
  dict=()
  [ -f "$ROOT/fuzz/dict/$t.dict" ] && dict=(-dict="$ROOT/fuzz/dict/$t.dict")
  echo "run-fuzz: $t for ${seconds}s (log $log)"
  t0=$(date +%s)
  rc=0
  nice "$build/fuzz/$t" "$corpus" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 &
  pid=$!
  wait "$pid" || rc=$?
  # libFuzzer ends with _Exit (no atexit): remove the capture reader's scratch file here.
  rm -f "/dev/shm/facecert-fuzz-capture-$pid.pcap" "/dev/shm/facecert-fuzz-carve-$pid.bin"
  took=$(( $(date +%s) - t0 ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -E '^#[0-9]+' "$log" | grep -o 'cov: [0-9]*' | tail -1 | cut -d' ' -f2)
  ft=$(grep -E '^#[0-9]+' "$log" | grep -o 'ft: [0-9]*' | tail -1 | cut -d' ' -f2)
  line="$t: ${runs:-?} execs, ${speed:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, ${took}s, corpus $(ls "$corpus" | wc -l) files"
  if [ "$rc" -ne 0 ]; then
    line="$line, CRASHED (exit $rc; artefacts in $artifacts)"
    failed+=("$t")
    grep -E 'ERROR: |runtime error|SUMMARY' "$log" | head -5 >&2 || true
  fi
  summary+=("$line")
done

echo "run-fuzz: summary (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzz: crashed: ${failed[*]}" >&2
  exit 1
fi
