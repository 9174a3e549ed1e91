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
  ip_fragment,    // skipped for now (warned once by the caller)
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
};

// `linktype` is pcap_datalink()'s value.
DecodedPacket decode_packet(int linktype, std::span<const std::uint8_t> frame);
bool linktype_supported(int linktype);

}  // namespace facecert::probes::traffic
