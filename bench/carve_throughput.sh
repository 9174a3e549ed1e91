#!/usr/bin/env bash
# Storage-carving throughput and memory (issue 5, 6.1.2): facecert carve (--no-faces triage and the
# full carve with face decisions) against foremost (-t jpg, full mode, not -q) and scalpel (a config
# enabling jpg: FF D8 FF ... FF D9) on the same generated dump (bench/dumpgen: a camera-flash-like
# dump with distinct face and non-face JPEGs planted at unaligned offsets, a fifth DQT-first;
# synthetic, not a real device's). Prints seconds, MB/s, peak RSS, images found and how many of
# the planted ones each tool found (same start offset; for facecert also the same length).
#
#   MIB=1024 IMAGES=300 SEED=1 bash bench/carve_throughput.sh
#   MIB=256 bash bench/carve_throughput.sh                  # quick run
#   SKIP_DEPS=1 / SKIP_BUILD=1 skip the apt and build steps; TOOLS="nofaces full foremost scalpel";
#   BUILD_DIR (default build-bench) and FACECERT_BIN choose the binaries.
#
# Targets (issue 5): --no-faces >= 2 GB/s and >= 5x foremost; the full carve faster than foremost;
# every planted image found; peak RSS bounded (a chunk and a window, not the dump).
# The dump is read once before timing (warm page cache), so the figures are CPU cost, not disk speed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$here/build-bench}"
mib="${MIB:-1024}"
images="${IMAGES:-300}"
seed="${SEED:-1}"
tools="${TOOLS:-nofaces full foremost scalpel}"

if [ -z "${SKIP_DEPS:-}" ]; then
  bash "$here/scripts/install-deps.sh" --bench
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  [ -f "$build/build.ninja" ] || cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  nice ninja -C "$build" -j2 facecert facecert-dumpgen >/dev/null
fi
facecert="${FACECERT_BIN:-$build/facecert}"
dumps="$build/dumps"
mkdir -p "$dumps"
dump="$dumps/flash-${mib}M-${images}-seed${seed}.bin"
planted="$dump.offsets"
if [ ! -s "$dump" ] || [ ! -s "$planted" ]; then
  "$build/facecert-dumpgen" --out "$dump" --offsets "$planted" --mib "$mib" --images "$images" --seed "$seed"
fi
work="$(mktemp -d /tmp/facecert-carve-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cat "$dump" >/dev/null  # warm the page cache
bytes=$(stat -c %s "$dump")

# Runs "$@" under /usr/bin/time; sets secs, cpu (user + sys) and rss_kib. Exit codes are not failures (facecert
# exits 1 when it finds face images) but a tool killed by a signal is reported.
measure() {
  local name="$1"; shift
  local rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.$name" "$@" >"$work/out.$name" 2>"$work/err.$name" || rc=$?
  if [ "$rc" -gt 128 ]; then
    echo "carve_throughput: $name died (exit $rc); last lines of its stderr:" >&2
    tail -5 "$work/err.$name" >&2
  fi
  local user sys
  read -r secs rss_kib user sys < <(tail -1 "$work/time.$name")
  cpu=$(echo "$user + $sys" | bc)
}

# "offset length" per found image (length empty when the tool does not say it exactly).
found_facecert() {
  python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["items"]:
    print(i["offset"], i["length"] if not i["partial"] else "", i["faces"])' "$1"
}
found_foremost() { awk '$2 ~ /\.jpg$/ { print $(NF), "" }' "$1/audit.txt"; }
found_scalpel() { awk '$1 ~ /\.jpg$/ && $2 ~ /^[0-9]+$/ { print $2, $4 }' "$1/audit.txt"; }

# Planted images found: same offset (and same length when the tool gives one exactly).
planted_found() {
  awk 'NR == FNR { want[$1] = $2; next } ($1 in want) && ($2 == "" || $2 == want[$1]) { n++ } END { print n + 0 }' \
    "$planted" "$1"
}

printf 'carve_throughput: %s, %s, %s cores (load average %s; machine shared), dump of %s MiB, %s planted JPEGs (seed %s)\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(uname -m)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$mib" "$images" "$seed"
echo "seconds = wall time; MB/s = dump bytes / wall time; CPU s = user + sys (less sensitive to other load)"
printf '%-22s %9s %9s %8s %10s %8s %10s %s\n' tool seconds MB/s "CPU s" "RSS MiB" images planted notes
row() {  # name found-file notes
  local n
  n=$(wc -l <"$2")
  printf '%-22s %9.2f %9.0f %8.2f %10.0f %8s %6s/%-3s %s\n' "$1" "$secs" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$cpu" \
    "$(echo "$rss_kib / 1024" | bc -l)" "$n" "$(planted_found "$2")" "$(wc -l <"$planted")" "$3"
}

for t in $tools; do
  case "$t" in
    nofaces)
      measure nofaces "$facecert" carve --no-faces --quiet --json "$work/nofaces.json" "$dump"
      found_facecert "$work/nofaces.json" >"$work/found.nofaces"
      row "facecert --no-faces" "$work/found.nofaces" "" ;;
    full)
      measure full "$facecert" carve --quiet --json "$work/full.json" "$dump"
      found_facecert "$work/full.json" >"$work/found.full"
      faces=$(awk '$3 > 0' "$work/found.full" | wc -l)
      planted_faces=$(grep -c ' face ' "$planted" || true)
      row "facecert (faces)" "$work/found.full" "with a face: $faces (planted face crops: $planted_faces)" ;;
    foremost)
      command -v foremost >/dev/null || { echo "foremost: not installed (scripts/install-deps.sh --bench)"; continue; }
      measure foremost foremost -t jpg -i "$dump" -o "$work/foremost"
      found_foremost "$work/foremost" >"$work/found.foremost"
      row "foremost -t jpg" "$work/found.foremost" "no face decision" ;;
    scalpel)
      command -v scalpel >/dev/null || { echo "scalpel: not installed (scripts/install-deps.sh --bench)"; continue; }
      printf 'jpg\ty\t5242880\t\\xff\\xd8\\xff\t\\xff\\xd9\n' >"$work/scalpel.conf"
      measure scalpel scalpel -c "$work/scalpel.conf" -o "$work/scalpel" "$dump"
      found_scalpel "$work/scalpel" >"$work/found.scalpel"
      row "scalpel (jpg)" "$work/found.scalpel" "no face decision" ;;
    *) echo "carve_throughput: unknown tool $t" >&2; exit 2 ;;
  esac
  rm -rf "$work/foremost" "$work/scalpel"
done
