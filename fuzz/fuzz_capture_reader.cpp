// libFuzzer target: a whole capture file (pcap / pcapng, any link type) through the public
// analyze_pcap() API. Unreadable input must end in ProbeError; anything else escaping is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analysis.h"

namespace {

// One file per process under /dev/shm (tmpfs), rewritten for every input. Removed at a normal exit;
// libFuzzer's own exits skip atexit, so scripts/run-fuzz.sh removes it by the process id.
const std::string& capture_path() {
  static const std::string path = [] {
    std::string p = "/dev/shm/facecert-fuzz-capture-" + std::to_string(::getpid()) + ".pcap";
    std::atexit([] { std::remove(capture_path().c_str()); });
    return p;
  }();
  return path;
}

bool write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = capture_path();
  if (!write_file(path, data, size)) __builtin_trap();  // /dev/shm must be writable
  facecert::probes::AnalyzeOptions options;
  options.detect_faces = false;  // OpenCV face detection is not what is fuzzed here
  try {
    const auto report = facecert::probes::analyze_pcap(path, options);
    (void)report.to_json().dump();  // the JSON writer sees whatever the analyser made of it
  } catch (const facecert::probes::ProbeError&) {
    // Not a capture the reader can open: the documented outcome for bad input.
  }
  return 0;
}
