// Link layer, IPv4/IPv6 and TCP/UDP header parsing of one captured frame (no reassembly here).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace facecert::probes::traffic {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
  auto operator<=>(const IpAddress&) const = default;
  std::string text() const;
};

enum class DecodeStatus {
  ok,             // transport header parsed
  not_ip,         // ARP, LLDP ... ignored silently
  not_tcp_udp,    // ICMP etc.
  ip_fragment,    // one fragment of an IP datagram: `fragment` says which part (reassembled by the caller)
  malformed,      // headers do not fit
  unsupported_link,
};

struct DecodedPacket {
  DecodeStatus status = DecodeStatus::malformed;
  IpAddress src, dst;
  std::uint8_t protocol = 0;  // 6 TCP, 17 UDP
  std::uint16_t src_port = 0, dst_port = 0;
  // TCP only
  std::uint32_t seq = 0;
  bool syn = false, ack = false, fin = false, rst = false;
  std::span<const std::uint8_t> payload;  // what was captured of it
  std::uint32_t payload_claimed = 0;      // length the IP header says (snaplen may cut it)
  // Ethernet only: the source MAC and the outermost 802.1Q/802.1ad tag's VLAN id.
  bool ethernet = false;
  std::array<std::uint8_t, 6> src_mac{};
  std::optional<std::uint16_t> vlan;
  // ip_fragment only: where this piece goes in the datagram's payload (after the IP header and,
  // for IPv6, the fragment header). `protocol`, addresses and link fields are set too.
  struct Fragment {
    std::uint32_t id = 0;
    std::uint32_t offset = 0;  // bytes
    bool more = false;
    std::span<const std::uint8_t> data;
  } fragment;
};

// `linktype` is pcap_datalink()'s value.
DecodedPacket decode_packet(int linktype, std::span<const std::uint8_t> frame);
bool linktype_supported(int linktype);
// A reassembled datagram's payload: decodes its TCP/UDP header into `packet` (a fragment's
// decoding, whose addresses and link fields it keeps).
void decode_reassembled(DecodedPacket& packet, std::span<const std::uint8_t> payload);

}  // namespace facecert::probes::traffic
