// One captured frame at a time into the flow table: numbering, link/IP/transport decoding, and
// one warning per kind of frame that could not be used (fragments, malformed, cut by snaplen).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "flow_table.h"
#include "ip_defragmenter.h"

namespace facecert::probes::traffic {

class PacketIngest {
 public:
  // Throws ProbeError naming `source` when the link type is not one we decode.
  PacketIngest(int linktype, const std::string& source, FlowTable& table);

  // `data` as captured, `wire_length` as it was on the wire, `ts` epoch seconds.
  void add(std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts);

  std::uint64_t packets() const { return packets_; }
  std::uint64_t bytes() const { return bytes_; }
  // End of input: incomplete fragmented datagrams are given up.
  void finish() { defragmenter_.finish(); }
  void append_warnings(std::vector<std::string>& out) const;

 private:
  struct SkipCounter {
    std::uint64_t count = 0, first = 0;
    void add(std::uint64_t frame) {
      if (count++ == 0) first = frame;
    }
  };
  int linktype_;
  std::string source_;
  FlowTable& table_;
  std::uint64_t packets_ = 0, bytes_ = 0;
  SkipCounter fragments_, malformed_, cut_by_snaplen_;
  IpDefragmenter defragmenter_;
};

}  // namespace facecert::probes::traffic
