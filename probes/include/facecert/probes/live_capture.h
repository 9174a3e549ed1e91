// Live packet capture with libpcap into a pcapng evidence file, on its own thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

namespace facecert::probes {

class ProbeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CaptureOptions {
  std::string iface = "lo";
  std::string bpf;                  // capture filter, e.g. "tcp port 8443"; empty: everything
  std::filesystem::path out;        // pcapng file to write; empty: none
  int snaplen = 262144;
  int buffer_bytes = 32 << 20;      // kernel buffer
  // On: every packet is handed over at once (the harness settles on the latest). Off: the kernel
  // fills blocks (up to 100 ms), which keeps up with far higher packet rates.
  bool immediate = true;
  // Called on the capture thread for each frame (streaming analysis); `ts` epoch seconds.
  std::function<void(std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts)> on_frame;
};

struct CaptureStats {
  std::uint64_t packets = 0;        // written to the file
  std::uint64_t bytes = 0;
  std::uint64_t kernel_drops = 0;   // pcap_stats ps_drop
  std::uint64_t iface_drops = 0;    // pcap_stats ps_ifdrop
};

class LiveCapture {
 public:
  explicit LiveCapture(CaptureOptions options);
  ~LiveCapture();  // stops if running
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  // Opens the interface and starts the capture thread. Throws ProbeError naming the interface and
  // libpcap's message (no such device, permission denied, bad filter ...).
  void start();
  // Waits until no packet has arrived for `quiet` (at most `max`) and everything captured so far is
  // flushed to the file, so the file can be analysed now. Capture goes on.
  void settle(std::chrono::milliseconds quiet = std::chrono::milliseconds(300),
              std::chrono::milliseconds max = std::chrono::milliseconds(3000));
  // Stops, flushes and closes the file; returns the final statistics. Idempotent.
  CaptureStats stop();
  CaptureStats stats() const;
  const std::filesystem::path& file() const;
  bool running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facecert::probes
