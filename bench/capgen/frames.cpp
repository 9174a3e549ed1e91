#include "frames.h"

#include <cstring>

namespace facecert::capgen {
namespace {

// RFC 1071 one's-complement sum over native-order words; byte-order independent once folded.
std::uint64_t sum_bytes(const std::uint8_t* p, std::size_t n, std::uint64_t acc = 0) {
  while (n >= 4) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    acc += w;
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    std::uint16_t w;
    std::memcpy(&w, p, 2);
    acc += w;
    p += 2;
    n -= 2;
  }
  if (n) {
    const std::uint8_t last[2] = {*p, 0};
    std::uint16_t w;
    std::memcpy(&w, last, 2);
    acc += w;
  }
  return acc;
}

std::uint16_t fold(std::uint64_t acc) {
  while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc & 0xFFFF);
}

void be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void be32(std::uint8_t* p, std::uint32_t v) {
  be16(p, static_cast<std::uint16_t>(v >> 16));
  be16(p + 2, static_cast<std::uint16_t>(v));
}

}  // namespace

void build_tcp_frame(std::string& out, const LinkParams& link, const Endpoint& src, const Endpoint& dst,
                     std::uint16_t ip_id, const TcpSegment& seg, std::string_view payload) {
  const std::size_t eth = 14 + (link.vlan ? 4 : 0);
  const std::size_t ip = link.ipv6 ? 40 : 20;
  const std::size_t tcp = 20 + (seg.syn_options ? 12 : 0);
  out.resize(eth + ip + tcp + payload.size());
  auto* f = reinterpret_cast<std::uint8_t*>(out.data());

  std::memcpy(f, dst.mac.data(), 6);
  std::memcpy(f + 6, src.mac.data(), 6);
  std::size_t at = 12;
  if (link.vlan) {
    be16(f + at, 0x8100);
    be16(f + at + 2, link.vlan & 0x0FFF);
    at += 4;
  }
  be16(f + at, link.ipv6 ? 0x86DD : 0x0800);

  std::uint8_t* iph = f + eth;
  std::uint8_t* th = iph + ip;
  const std::size_t tcp_len = tcp + payload.size();
  if (link.ipv6) {
    be32(iph, 0x60000000);
    be16(iph + 4, static_cast<std::uint16_t>(tcp_len));
    iph[6] = 6;
    iph[7] = link.ttl;
    std::memcpy(iph + 8, src.ip.data(), 16);
    std::memcpy(iph + 24, dst.ip.data(), 16);
  } else {
    iph[0] = 0x45;
    iph[1] = 0;
    be16(iph + 2, static_cast<std::uint16_t>(ip + tcp_len));
    be16(iph + 4, ip_id);
    be16(iph + 6, 0x4000);  // don't fragment
    iph[8] = link.ttl;
    iph[9] = 6;
    be16(iph + 10, 0);
    std::memcpy(iph + 12, src.ip.data(), 4);
    std::memcpy(iph + 16, dst.ip.data(), 4);
    const std::uint16_t c = fold(sum_bytes(iph, 20));
    std::memcpy(iph + 10, &c, 2);
  }

  be16(th, src.port);
  be16(th + 2, dst.port);
  be32(th + 4, seg.seq);
  be32(th + 8, seg.ack);
  th[12] = static_cast<std::uint8_t>((tcp / 4) << 4);
  th[13] = seg.flags;
  be16(th + 14, seg.window);
  be16(th + 16, 0);
  be16(th + 18, 0);
  if (seg.syn_options) {
    std::uint8_t* o = th + 20;
    o[0] = 2; o[1] = 4; be16(o + 2, seg.mss);   // MSS
    o[4] = 1; o[5] = 3; o[6] = 3; o[7] = 7;     // NOP, window scale 7
    o[8] = 1; o[9] = 1; o[10] = 4; o[11] = 2;   // NOP NOP SACK permitted
  }
  if (!payload.empty()) std::memcpy(th + tcp, payload.data(), payload.size());

  // Pseudo-header, then the segment.
  std::uint8_t pseudo[40];
  std::uint64_t acc;
  if (link.ipv6) {
    acc = sum_bytes(src.ip.data(), 16);
    acc = sum_bytes(dst.ip.data(), 16, acc);
    be32(pseudo, static_cast<std::uint32_t>(tcp_len));
    be32(pseudo + 4, 6);
    acc = sum_bytes(pseudo, 8, acc);
  } else {
    acc = sum_bytes(src.ip.data(), 4);
    acc = sum_bytes(dst.ip.data(), 4, acc);
    pseudo[0] = 0;
    pseudo[1] = 6;
    be16(pseudo + 2, static_cast<std::uint16_t>(tcp_len));
    acc = sum_bytes(pseudo, 4, acc);
  }
  acc = sum_bytes(th, tcp_len, acc);
  const std::uint16_t c = fold(acc);
  std::memcpy(th + 16, &c, 2);
}

}  // namespace facecert::capgen
