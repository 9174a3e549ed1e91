// IPv4 and IPv6 fragment reassembly: a device (or an evasive one) may fragment the datagrams that
// carry a face image; the analyser must see the whole payload (issue 4). First data wins on
// overlap, and overlaps with different bytes are counted: they are how IDS evasion works.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "packet_decoder.h"

namespace facecert::probes::traffic {

class IpDefragmenter {
 public:
  struct Limits {
    std::size_t max_datagram = 65535 + 8;          // IPv4 total length limit (IPv6: jumbograms not)
    std::size_t max_pending_bytes = 32ull << 20;   // over all incomplete datagrams
    double timeout_seconds = 30;                   // capture time an incomplete datagram waits
  };
  IpDefragmenter() = default;
  explicit IpDefragmenter(Limits limits) : limits_(limits) {}

  // Adds a fragment; returns the datagram's payload when this fragment completes it.
  std::optional<std::vector<std::uint8_t>> add(const DecodedPacket& fragment, double ts);

  std::uint64_t reassembled() const { return reassembled_; }
  std::uint64_t expired() const { return expired_; }  // incomplete at timeout, at the limit, or at the end
  std::uint64_t conflicting_overlaps() const { return conflicts_; }
  std::uint64_t oversized() const { return oversized_; }
  // End of capture: what is still incomplete counts as expired.
  void finish();

 private:
  struct Key {
    bool v6;
    std::array<std::uint8_t, 16> src, dst;
    std::uint32_t id;
    std::uint8_t protocol;
    auto operator<=>(const Key&) const = default;
  };
  struct Pending {
    std::map<std::uint32_t, std::vector<std::uint8_t>> pieces;  // offset -> bytes
    std::optional<std::uint32_t> total;                          // known from the last fragment
    std::size_t bytes = 0;
    double first_seen = 0;
  };
  void expire(double now);
  bool complete(const Pending& p) const;

  Limits limits_;
  std::map<Key, Pending> pending_;
  std::size_t pending_bytes_ = 0;
  std::uint64_t reassembled_ = 0, expired_ = 0, conflicts_ = 0, oversized_ = 0;
  double last_expire_ = 0;
};

}  // namespace facecert::probes::traffic
