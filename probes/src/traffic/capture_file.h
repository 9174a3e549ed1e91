// Opens a capture file for reading frame by frame: pcap or pcapng, gzip-compressed or not (issue 4:
// inspectors' captures often arrive as .pcap.gz). Plain files of the usual link types are read in
// place through mmap (MappedCapture); gzip and anything unusual through libpcap.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <memory>
#include <string>

#include <pcap/pcap.h>

#include "mapped_capture.h"

namespace facecert::probes::traffic {

class CaptureFile {
 public:
  // Throws ProbeError naming the file when it cannot be opened or read as a capture.
  // `map`: false reads through libpcap even when the mapped reader would take the file (tests
  // compare the two).
  explicit CaptureFile(const std::filesystem::path& file, bool map = true);
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  int linktype() const { return mapped_ ? mapped_->linktype() : pcap_datalink(pcap_); }
  bool gzip() const { return gzip_; }
  bool mapped() const { return mapped_ != nullptr; }
  // Calls on_frame(const CapturedFrame&) for every frame in file order. Returns why reading
  // stopped early (truncated or corrupt file), nothing at a clean end.
  template <typename OnFrame>
  std::optional<std::string> read(OnFrame&& on_frame) {
    if (mapped_) {
      while (const auto frame = mapped_->next()) on_frame(*frame);
      return mapped_->stop_reason();
    }
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    for (;;) {
      const int rc = pcap_next_ex(pcap_, &hdr, &data);
      if (rc == PCAP_ERROR_BREAK) return std::nullopt;
      if (rc != 1) return std::string(pcap_geterr(pcap_));
      // Nanosecond precision was asked for when opening: tv_usec holds nanoseconds.
      on_frame(CapturedFrame{{data, hdr->caplen}, hdr->len,
                             static_cast<double>(hdr->ts.tv_sec) + hdr->ts.tv_usec / 1e9});
    }
  }

 private:
  std::unique_ptr<MappedCapture> mapped_;
  pcap_t* pcap_ = nullptr;
  bool gzip_ = false;
};

// The warning for a capture that stopped reading after `frames` good frames.
std::string truncation_warning(const std::filesystem::path& file, std::uint64_t frames, const std::string& reason);

}  // namespace facecert::probes::traffic
