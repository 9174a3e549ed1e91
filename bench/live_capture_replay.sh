#!/usr/bin/env bash
# Live capture keeping up with 1 Gbit/s (issue 4): tcpreplay replays a generated capture
# (bench/capgen) at MBPS for DURATION seconds into one end of a veth pair; `facecert capture`
# analyses on the other end; the figure that matters is the kernel drops pcap_stats reports.
#
# Nothing leaves the machine: the veth pair is made inside a network namespace created here, with
# no addresses and no routes, so the replayed frames (whatever addresses they carry) can only reach
# the peer end. The namespace is deleted on exit.
#
#   DURATION=60 MBPS=1000 MIX=tls bash bench/live_capture_replay.sh
#   SKIP_DEPS=1 SKIP_BUILD=1 reuse what is installed and built (BUILD_DIR, default build-bench).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$here/build-bench}"
duration="${DURATION:-60}"
mbps="${MBPS:-1000}"
mix="${MIX:-tls}"
size="${SIZE:-512M}"
seed="${SEED:-1}"
flows="${FLOWS:-2000}"

[ "$(id -u)" -eq 0 ] || { echo "live_capture_replay: needs root (network namespace, capture)" >&2; exit 2; }
if [ -z "${SKIP_DEPS:-}" ]; then bash "$here/scripts/install-deps.sh" --bench; fi
if [ -z "${SKIP_BUILD:-}" ]; then
  [ -f "$build/build.ninja" ] || cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  nice ninja -C "$build" -j2 facecert facecert-capgen >/dev/null
fi
facecert="${FACECERT_BIN:-$build/facecert}"
command -v tcpreplay >/dev/null || { echo "live_capture_replay: tcpreplay not installed (install-deps.sh --bench)" >&2; exit 2; }

mkdir -p "$build/captures"
cap="$build/captures/capgen-$mix-$size-seed$seed-flows$flows.pcap"
[ -s "$cap" ] || "$build/facecert-capgen" --out "$cap" --size "$size" --mix "$mix" --seed "$seed" --flows "$flows"

ns="facecert-replay-$$"
work="$(mktemp -d /tmp/facecert-replay-XXXXXX)"
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
in_ns ip link add fc-tx type veth peer name fc-rx
in_ns ip link set fc-tx up
in_ns ip link set fc-rx up
if [ -n "$(in_ns ip -o route show)" ] || [ -n "$(in_ns ip -o addr show scope global)" ]; then
  echo "live_capture_replay: the namespace has a route or an address; refusing to replay" >&2; exit 2
fi

echo "live_capture_replay: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  replaying $cap ($(du -h "$cap" | cut -f1)) at $mbps Mbit/s for $duration s inside namespace $ns (veth, no route out)"
# The capture outlasts the replay (tcpreplay overruns --duration by up to a few seconds).
in_ns "$facecert" capture --iface fc-rx --duration "$((duration + 10))s" --quiet \
  --json "$work/live.json" >"$work/facecert.out" 2>&1 &
capture_pid=$!
sleep 2
in_ns tcpreplay --intf1=fc-tx --mbps="$mbps" --loop=0 --duration="$duration" "$cap" >"$work/tcpreplay.out" 2>&1 || true
rc=0
wait "$capture_pid" || rc=$?  # 1 = a fail finding, expected with the faces mix
[ "$rc" -le 1 ] || { echo "live_capture_replay: facecert capture failed (exit $rc):" >&2; tail -5 "$work/facecert.out" >&2; exit 1; }

grep -E "Actual|Rated|Failed|Truncated|Retried" "$work/tcpreplay.out" | sed 's/^/  tcpreplay: /'
python3 - "$work/live.json" "$work/tcpreplay.out" <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))["captures"][0]
sent = re.search(r"Actual: (\d+) packets \((\d+) bytes\) sent in ([\d.]+) seconds", open(sys.argv[2]).read())
kinds = {}
for f in j["findings"]:
    kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
t = j["totals"]
print(f"  facecert capture: {t['packets']} packets, {t['bytes']/1e6:.0f} MB in {j['seconds']:.1f} s, "
      f"{t['flows']} flows; kernel drops {j['kernel_drops']}, interface drops {j['interface_drops']}")
if sent:
    pk, by, secs = int(sent.group(1)), int(sent.group(2)), float(sent.group(3))
    print(f"  replayed: {pk} packets at {by*8/secs/1e6:.0f} Mbit/s; captured {t['packets']} "
          f"({100.0*t['packets']/pk if pk else 0:.2f}%)")
print("  findings by kind: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"))
print("  RESULT: " + ("keeps up (0 drops)" if j["kernel_drops"] == 0 and j["interface_drops"] == 0 else "DROPS"))
PY
