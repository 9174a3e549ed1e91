// pcapng writer (libpcap 1.10 reads pcapng but cannot write it): one section, one interface,
// Enhanced Packet Blocks, in host byte order as the format allows (the byte-order magic says which).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>

namespace facecert::probes {

enum class TsResolution { micro, nano };

struct PcapngInterface {
  int linktype = 1;            // LINKTYPE_* value (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP ...)
  std::uint32_t snaplen = 262144;
  TsResolution resolution = TsResolution::micro;
  std::string name;            // if_name option; empty: omitted
};

class PcapngWriter {
 public:
  // Creates (truncates) the file and writes the Section Header and Interface Description blocks.
  // Throws ProbeError naming the file on any I/O error.
  PcapngWriter(const std::filesystem::path& file, const PcapngInterface& iface,
               const std::string& application = "facecert");
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  // One Enhanced Packet Block. `timestamp` is since the epoch; it is stored in the interface's
  // resolution. `original_length` 0 means data.size().
  void write_packet(std::chrono::nanoseconds timestamp, std::span<const std::uint8_t> data,
                    std::uint32_t original_length = 0);
  void flush();
  void close();  // flushes; idempotent
  std::uint64_t packets() const { return packets_; }
  const std::filesystem::path& file() const { return path_; }

 private:
  void write_bytes(const void* data, std::size_t size);
  std::filesystem::path path_;
  std::FILE* fp_ = nullptr;
  TsResolution resolution_;
  std::uint64_t packets_ = 0;
};

}  // namespace facecert::probes
