#!/usr/bin/env bash
# Wall time of the full Shanghai plan against the built-in reference device (target: < 60 s on the
# 2-core machine for everything automated so far). Runs it $RUNS times (default 3) and prints each
# run, the median, and facecert's peak RSS. FILTER=GLOB runs only the matching cases (e.g.
# FILTER=6.1.3 for the template-protection cases' run time, issue 6).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${FACECERT_BIN:-$here/build/facecert}"
runs="${RUNS:-3}"
filter=()
[ -n "${FILTER:-}" ] && filter=(--filter "$FILTER")
what="${FILTER:+cases $FILTER}"
what="${what:-full plan}"
out="$(mktemp -d /tmp/facecert-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$out/rss.$i" "$bin" run --plan "$here/test-plans/shanghai-2021.xml" \
      --device refdev "${filter[@]}" --out "$out/run$i" >"$out/log.$i" 2>&1 || true
  else
    "$bin" run --plan "$here/test-plans/shanghai-2021.xml" --device refdev "${filter[@]}" --out "$out/run$i" \
      >"$out/log.$i" 2>&1 || true
  fi
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  rss=""
  [ -f "$out/rss.$i" ] && rss=" peak RSS $(( $(cat "$out/rss.$i") / 1024 )) MiB"
  summary=$(grep '^summary:' "$out/log.$i" || echo "summary: (none)")
  printf 'run %d: %.2f s%s  %s\n' "$i" "$t" "$rss" "$summary"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf '%s, %d run(s): median %.2f s (target < 60 s)\n' "$what" "$runs" "$median"
