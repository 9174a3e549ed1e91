#include "packet_decoder.h"

#include <algorithm>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <pcap/dlt.h>

namespace facecert::probes::traffic {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

constexpr std::uint16_t kEtherIPv4 = 0x0800, kEtherIPv6 = 0x86DD;
constexpr std::uint16_t kVlan = 0x8100, kQinQ = 0x88A8, kQinQOld = 0x9100;
constexpr int kLinktypeSll2 = 276, kLinktypeIPv4 = 228, kLinktypeIPv6 = 229, kLinktypeRaw = 101;

void decode_transport(DecodedPacket& out, Bytes seg, std::uint32_t claimed) {
  if (out.protocol == 6) {
    if (seg.size() < 20) return;
    const std::size_t hlen = (seg[12] >> 4) * 4u;
    if (hlen < 20 || seg.size() < hlen || claimed < hlen) return;
    out.src_port = be16(&seg[0]);
    out.dst_port = be16(&seg[2]);
    out.seq = be32(&seg[4]);
    const std::uint8_t flags = seg[13];
    out.fin = flags & 0x01;
    out.syn = flags & 0x02;
    out.rst = flags & 0x04;
    out.ack = flags & 0x10;
    out.payload_claimed = claimed - static_cast<std::uint32_t>(hlen);
    out.payload = seg.subspan(hlen, std::min<std::size_t>(seg.size() - hlen, out.payload_claimed));
    out.status = DecodeStatus::ok;
  } else if (out.protocol == 17) {
    if (seg.size() < 8 || claimed < 8) return;
    out.src_port = be16(&seg[0]);
    out.dst_port = be16(&seg[2]);
    out.payload_claimed = claimed - 8;
    out.payload = seg.subspan(8, std::min<std::size_t>(seg.size() - 8, out.payload_claimed));
    out.status = DecodeStatus::ok;
  } else {
    out.status = DecodeStatus::not_tcp_udp;
  }
}

void decode_ipv4(DecodedPacket& out, Bytes ip) {
  if (ip.size() < 20 || (ip[0] >> 4) != 4) return;
  const std::size_t ihl = (ip[0] & 0x0F) * 4u;
  const std::size_t total = be16(&ip[2]);
  if (ihl < 20 || ip.size() < ihl || total < ihl) return;
  out.src.v6 = out.dst.v6 = false;
  std::copy_n(&ip[12], 4, out.src.bytes.begin());
  std::copy_n(&ip[16], 4, out.dst.bytes.begin());
  out.protocol = ip[9];
  const std::uint16_t frag = be16(&ip[6]);
  const Bytes seg = ip.subspan(ihl, std::min(ip.size(), total) - ihl);
  if ((frag & 0x2000) || (frag & 0x1FFF)) {  // more-fragments or a non-zero offset
    out.status = DecodeStatus::ip_fragment;
    out.fragment = {be16(&ip[4]), (frag & 0x1FFFu) * 8u, (frag & 0x2000) != 0, seg};
    return;
  }
  decode_transport(out, seg, static_cast<std::uint32_t>(total - ihl));
}

void decode_ipv6(DecodedPacket& out, Bytes ip) {
  if (ip.size() < 40 || (ip[0] >> 4) != 6) return;
  out.src.v6 = out.dst.v6 = true;
  std::copy_n(&ip[8], 16, out.src.bytes.begin());
  std::copy_n(&ip[24], 16, out.dst.bytes.begin());
  std::size_t remaining = be16(&ip[4]);  // payload length, extension headers included
  Bytes rest = ip.subspan(40, std::min(ip.size() - 40, remaining));
  std::uint8_t next = ip[6];
  for (;;) {
    switch (next) {
      case 0: case 43: case 60: case 51: {  // hop-by-hop, routing, destination options, AH
        if (rest.size() < 2) return;
        const std::size_t len = next == 51 ? (rest[1] + 2u) * 4u : (rest[1] + 1u) * 8u;
        if (rest.size() < len || remaining < len) return;
        next = rest[0];
        rest = rest.subspan(len);
        remaining -= len;
        continue;
      }
      case 44: {  // fragment header: an atomic fragment (offset 0, no M flag) is a whole packet
        if (rest.size() < 8 || remaining < 8) return;
        const std::uint16_t off = be16(&rest[2]);
        if ((off & 0xFFF8) || (off & 1)) {
          out.protocol = rest[0];
          out.status = DecodeStatus::ip_fragment;
          const std::uint32_t id = std::uint32_t{rest[4]} << 24 | std::uint32_t{rest[5]} << 16 |
                                   std::uint32_t{rest[6]} << 8 | rest[7];
          out.fragment = {id, static_cast<std::uint32_t>(off & 0xFFF8u), (off & 1) != 0,
                          rest.subspan(8, std::min(rest.size(), remaining) - 8)};
          return;
        }
        next = rest[0];
        rest = rest.subspan(8);
        remaining -= 8;
        continue;
      }
      case 59:
        out.status = DecodeStatus::not_tcp_udp;
        return;
      default:
        out.protocol = next;
        decode_transport(out, rest, static_cast<std::uint32_t>(remaining));
        return;
    }
  }
}

void decode_ip(DecodedPacket& out, Bytes ip) {
  if (ip.empty()) return;
  if ((ip[0] >> 4) == 4) return decode_ipv4(out, ip);
  if ((ip[0] >> 4) == 6) return decode_ipv6(out, ip);
  out.status = DecodeStatus::not_ip;
}

void decode_ethertype(DecodedPacket& out, std::uint16_t type, Bytes rest) {
  if (type == kEtherIPv4) return decode_ipv4(out, rest);
  if (type == kEtherIPv6) return decode_ipv6(out, rest);
  out.status = DecodeStatus::not_ip;
}

}  // namespace

void decode_reassembled(DecodedPacket& packet, std::span<const std::uint8_t> payload) {
  packet.status = DecodeStatus::malformed;
  decode_transport(packet, payload, static_cast<std::uint32_t>(payload.size()));
}

std::string IpAddress::text() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

bool linktype_supported(int linktype) {
  switch (linktype) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case kLinktypeSll2: case DLT_RAW: case kLinktypeRaw:
    case kLinktypeIPv4: case kLinktypeIPv6: case DLT_NULL: case DLT_LOOP:
      return true;
    default:
      return false;
  }
}

DecodedPacket decode_packet(int linktype, std::span<const std::uint8_t> frame) {
  DecodedPacket out;
  switch (linktype) {
    case DLT_EN10MB: {
      if (frame.size() < 14) return out;
      std::size_t off = 12;
      std::uint16_t type = be16(&frame[off]);
      out.ethernet = true;
      std::copy_n(&frame[6], 6, out.src_mac.begin());
      // 802.1Q / 802.1ad (QinQ) tags: 4 bytes each, the inner type follows.
      while ((type == kVlan || type == kQinQ || type == kQinQOld) && frame.size() >= off + 6) {
        if (!out.vlan) out.vlan = static_cast<std::uint16_t>(be16(&frame[off + 2]) & 0x0FFF);
        off += 4;
        type = be16(&frame[off]);
      }
      decode_ethertype(out, type, frame.subspan(off + 2));
      return out;
    }
    case DLT_LINUX_SLL:  // 16-byte header, protocol at 14
      if (frame.size() < 16) return out;
      decode_ethertype(out, be16(&frame[14]), frame.subspan(16));
      return out;
    case kLinktypeSll2:  // 20-byte header, protocol at 0
      if (frame.size() < 20) return out;
      decode_ethertype(out, be16(&frame[0]), frame.subspan(20));
      return out;
    case DLT_RAW: case kLinktypeRaw: case kLinktypeIPv4: case kLinktypeIPv6:
      decode_ip(out, frame);
      return out;
    case DLT_NULL: case DLT_LOOP:  // 4-byte address family (host or network order); IP follows
      if (frame.size() < 4) return out;
      decode_ip(out, frame.subspan(4));
      return out;
    default:
      out.status = DecodeStatus::unsupported_link;
      return out;
  }
}

}  // namespace facecert::probes::traffic
