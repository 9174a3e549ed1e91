// Reads an uncompressed pcap or pcapng file through mmap: each frame is handed on where it lies in
// the page cache, with no read() copy into a stdio buffer and no second copy into libpcap's (those
// two copies were a fifth of the analysis time on a TLS-dominated capture). Formats it does not
// take (an unknown magic or link type) are left to libpcap by CaptureFile.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace facecert::probes::traffic {

struct CapturedFrame {
  std::span<const std::uint8_t> data;  // the captured bytes (caplen)
  std::uint32_t length = 0;            // the frame's length on the wire
  double ts = 0;                       // seconds since the epoch
};

class MappedCapture {
 public:
  // nullptr when the file is not one this reader takes (CaptureFile then opens it with libpcap);
  // throws ProbeError naming the file when it cannot be opened or mapped.
  static std::unique_ptr<MappedCapture> open(const std::filesystem::path& file);
  ~MappedCapture();
  MappedCapture(const MappedCapture&) = delete;
  MappedCapture& operator=(const MappedCapture&) = delete;

  int linktype() const { return linktype_; }  // as libpcap's pcap_datalink() would say

  // The next frame, or nothing at the end of the file or where it stops being readable (then
  // stop_reason() says why, in libpcap's words where it has some).
  std::optional<CapturedFrame> next();
  const std::optional<std::string>& stop_reason() const { return stop_; }

 private:
  MappedCapture(const std::uint8_t* base, std::size_t size) : base_(base), size_(size) {}
  bool start();  // reads the file header; false: not for this reader
  std::optional<CapturedFrame> next_pcap();
  std::optional<CapturedFrame> next_pcapng();
  std::optional<CapturedFrame> stop(std::string why);
  void prefetch_ahead(std::size_t from, std::size_t length) const;
  void release_read_pages();
  bool section_header(std::size_t at, std::size_t block_length);
  bool interface_block(std::size_t at, std::size_t block_length);
  std::uint16_t u16(std::size_t at) const;
  std::uint32_t u32(std::size_t at) const;

  struct Interface {
    std::uint64_t units_per_second = 1'000'000;  // if_tsresol
    std::int64_t offset_seconds = 0;              // if_tsoffset
    std::uint32_t snaplen = 0;
  };

  const std::uint8_t* base_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::size_t released_ = 0;  // pages below this were handed back (they stay in the page cache)
  std::size_t populated_ = 0;  // pages below this were mapped ahead of reading
  bool populate_ = true;       // the kernel takes MADV_POPULATE_READ
  static const int kPopulateRead;
  bool pcapng_ = false, swapped_ = false, nanoseconds_ = false;
  int linktype_ = -1;
  std::uint32_t snaplen_ = 0;
  std::vector<Interface> interfaces_;
  std::optional<std::string> stop_;
};

}  // namespace facecert::probes::traffic
