// Ethernet (optionally 802.1Q-tagged) + IPv4/IPv6 + TCP frames with correct checksums.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace facecert::capgen {

struct Endpoint {
  std::array<std::uint8_t, 6> mac{};
  std::array<std::uint8_t, 16> ip{};  // IPv4 in the first 4 bytes
  std::uint16_t port = 0;
};

namespace tcp_flags {
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;
}

struct TcpSegment {
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  bool syn_options = false;  // MSS, window scale, SACK permitted
  std::uint16_t mss = 1460;
};

struct LinkParams {
  bool ipv6 = false;
  std::uint16_t vlan = 0;  // 0: untagged
  std::uint8_t ttl = 64;
};

// Replaces `out` with the frame from `src` to `dst`.
void build_tcp_frame(std::string& out, const LinkParams& link, const Endpoint& src, const Endpoint& dst,
                     std::uint16_t ip_id, const TcpSegment& seg, std::string_view payload);

}  // namespace facecert::capgen
