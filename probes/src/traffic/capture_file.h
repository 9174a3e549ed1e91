// Opens a capture file for reading frame by frame: pcap or pcapng (libpcap tells them apart),
// gzip-compressed or not (issue 4: inspectors' captures often arrive as .pcap.gz).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <pcap/pcap.h>

namespace facecert::probes::traffic {

class CaptureFile {
 public:
  // Throws ProbeError naming the file when it cannot be opened or read as a capture.
  explicit CaptureFile(const std::filesystem::path& file);
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  int linktype() const { return pcap_datalink(pcap_); }
  bool gzip() const { return gzip_; }
  // Calls on_frame(header, data) for every frame in file order. Returns why reading stopped early
  // (truncated or corrupt file), nothing at a clean end.
  template <typename OnFrame>
  std::optional<std::string> read(OnFrame&& on_frame) {
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    for (;;) {
      const int rc = pcap_next_ex(pcap_, &hdr, &data);
      if (rc == PCAP_ERROR_BREAK) return std::nullopt;
      if (rc != 1) return std::string(pcap_geterr(pcap_));
      on_frame(*hdr, data);
    }
  }

 private:
  pcap_t* pcap_ = nullptr;
  bool gzip_ = false;
};

// The warning for a capture that stopped reading after `frames` good frames.
std::string truncation_warning(const std::filesystem::path& file, std::uint64_t frames, const std::string& reason);

}  // namespace facecert::probes::traffic
