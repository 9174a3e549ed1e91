// Classic pcap (LINKTYPE_ETHERNET, microsecond timestamps) through a large buffer: generating a
// GiB must cost about as much as writing it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace facecert::capgen {

class PcapWriter {
 public:
  explicit PcapWriter(const std::filesystem::path& file, std::size_t buffer_bytes = 8u << 20);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void write(std::uint64_t time_us, std::string_view frame);
  void close();  // flushes; throws std::runtime_error naming the file on a write error
  std::uint64_t bytes_written() const { return written_ + buffer_.size(); }
  std::uint64_t packets() const { return packets_; }

 private:
  void flush();
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::size_t capacity_;
  std::uint64_t written_ = 0, packets_ = 0;
};

}  // namespace facecert::capgen
