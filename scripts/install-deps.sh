#!/usr/bin/env bash
# Installs the Debian packages facecert builds and tests with. Idempotent: installs only what is
# missing, and runs apt-get update at most once per call. Needs root (or sudo).
# `--bench` also installs the tools bench/traffic_throughput.sh compares facecert with.
set -euo pipefail

bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) bench=1 ;;
    *) echo "install-deps: unknown option $arg (expected --bench)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake pkg-config ninja-build
  libgtest-dev libgmock-dev                      # unit and end-to-end tests
  libpcap-dev                                    # live capture and capture reading
  libssl-dev openssl                             # TLS servers/clients, SHA-256, certificates
  libopencv-dev libopencv-contrib-dev opencv-data # face detection (Haar), LBPH recognizer
  libpugixml-dev                                 # XML test plans and device profiles
  libboost-dev libboost-system-dev               # Asio/Beast HTTPS servers and clients
  nlohmann-json3-dev libfmt-dev libcli11-dev     # JSON, formatting, CLI parsing
  libsqlite3-dev                                 # the run journal
  libdlib-dev libdlib-data                       # 68-point face landmarks: spoof generator, refdev blink/motion PAD (6.1.4)
  xvfb x11-apps                                  # tests: the 6.1.4 screen presenter on a virtual display, read back with xwd
  zlib1g-dev libbrotli-dev                       # HTTP bodies: gzip/deflate and br Content-Encoding
  libsimdjson-dev                                # HTTP bodies: JSON walked at GB/s (7.0 analysis speed)
  libturbojpeg0-dev                              # JPEGs in traffic decoded grey at 1/2-1/8 scale for face screening (7.0 analysis speed)
  time bc                                        # bench/: peak RSS (/usr/bin/time) and arithmetic
  weasyprint                                   # report.pdf: `facecert report --format pdf` renders the HTML report
  fonts-noto-cjk                               # CJK font (Noto Sans CJK SC) embedded in report.pdf and used by report.html
  poppler-utils                                # tests/reports: pdftotext / pdftoppm check the PDF's pages and Chinese text
  chromium                                     # tests/reports: headless screenshot of report.html (opens offline)
  clang-14 libclang-rt-14-dev                    # fuzz/: libFuzzer + ASan/UBSan (scripts/run-fuzz.sh)
  python3 curl                                   # the sample out-of-process driver (drivers/examples/), test clients (GA/T 1400 pushes, scripted devices)
)
if [ "$bench" -eq 1 ]; then
  packages+=(
    tshark                                       # bench/traffic_throughput.sh: --export-objects http
    libndpi-bin                                  # bench/traffic_throughput.sh: ndpiReader
    tcpreplay                                    # bench/live_capture_replay.sh: 1 Gbit/s into a veth pair
    foremost scalpel                             # bench/carve_throughput.sh: the carvers facecert carve is compared with
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark's package asks whether non-root users may capture: answer "no" up front.
if [[ " ${missing[*]} " == *" tshark "* ]]; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
