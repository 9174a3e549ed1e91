// UDP: the application protocol of one direction from its first datagrams (QUIC, DTLS, SIP, RTP).
#include <string_view>

#include "app_classifier.h"

namespace facecert::probes::traffic {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

constexpr std::size_t kMaxConnectionId = 20;  // RFC 9000 17.2 (QUIC v1 and v2)
constexpr std::size_t kDatagramsToCheck = 8;

// RFC 9000 16: two high bits give the length (1, 2, 4, 8 bytes).
bool quic_varint(Bytes d, std::size_t& pos, std::uint64_t& value) {
  if (pos >= d.size()) return false;
  const std::size_t len = std::size_t{1} << (d[pos] >> 6);
  if (pos + len > d.size()) return false;
  value = d[pos] & 0x3F;
  for (std::size_t i = 1; i < len; ++i) value = value << 8 | d[pos + i];
  pos += len;
  return true;
}

// QUIC long header (RFC 8999 / 9000 17.2, RFC 9369 for v2): known version, connection ids of at
// most 20 bytes, and for Initial / 0-RTT / Handshake a Length that fits in the datagram.
bool quic_long_header(Bytes d) {
  if (d.size() < 7 || !(d[0] & 0x80)) return false;
  const std::uint32_t version = be32(&d[1]);
  const bool v1 = version == 0x00000001, v2 = version == 0x6b3343cf;
  const bool draft = (version & 0xFFFFFF00u) == 0xff000000u;
  if (version != 0 && !(v1 || v2 || draft)) return false;
  if (version != 0 && !(d[0] & 0x40)) return false;  // fixed bit (not required in version negotiation)
  std::size_t pos = 5;
  for (int id = 0; id < 2; ++id) {
    if (pos >= d.size() || d[pos] > kMaxConnectionId) return false;
    pos += 1 + d[pos];
    if (pos > d.size()) return false;
  }
  if (version == 0)  // version negotiation: a non-empty list of 32-bit versions
    return pos < d.size() && (d.size() - pos) % 4 == 0;
  const int type = (d[0] >> 4) & 0x03;
  const int initial = v2 ? 1 : 0, retry = v2 ? 0 : 3;
  if (type == retry) return d.size() >= pos + 16;  // token and 16-byte integrity tag
  std::uint64_t value = 0;
  if (type == initial && (!quic_varint(d, pos, value) || value > d.size() - pos)) return false;
  if (type == initial) pos += static_cast<std::size_t>(value);  // token
  if (!quic_varint(d, pos, value)) return false;  // Length: packet number + payload
  return value >= 1 && value <= d.size() - pos;
}

// DTLS 1.0 / 1.2 / 1.3-compat records (RFC 6347 4.1): 13-byte headers whose lengths chain exactly
// to the end of the datagram.
bool dtls_datagram(Bytes d, bool& handshake_first) {
  std::size_t pos = 0;
  int records = 0;
  while (pos < d.size()) {
    if (pos + 13 > d.size()) return false;
    const std::uint8_t type = d[pos];
    const std::uint16_t version = be16(&d[pos + 1]);
    const std::size_t len = be16(&d[pos + 11]);
    if (type < 20 || type > 26) return false;
    if (version != 0xFEFF && version != 0xFEFD && version != 0xFEFC) return false;
    if (len == 0 || len > 16384 + 2048 || pos + 13 + len > d.size()) return false;
    if (records++ == 0) handshake_first = type == 22;
    pos += 13 + len;
  }
  return records > 0;
}

AppGuess classify_dtls(const std::vector<Datagram>& first) {
  std::size_t examined = 0, valid = 0;
  bool first_valid = false, first_handshake = false;
  for (const auto& d : first) {
    if (examined == kDatagramsToCheck) break;
    bool handshake = false;
    const bool ok = dtls_datagram(d.bytes, handshake);
    if (examined == 0) first_valid = ok, first_handshake = handshake;
    ++examined;
    valid += ok ? 1 : 0;
  }
  if (!first_valid) return {};
  if (valid >= 2 && valid * 10 >= examined * 8) return {"dtls", "true"};
  if (examined == 1 && first_handshake) return {"dtls", "unknown"};  // one hello: named, not trusted
  return {};
}

bool keepalive(const Datagram& d) {  // SIP CRLF keep-alives (RFC 5626) and empty payloads
  for (auto b : d.bytes)
    if (b != '\r' && b != '\n' && b != 0) return false;
  return true;
}

}  // namespace

AppGuess classify_datagrams(const std::vector<Datagram>& first) {
  const Datagram* lead = nullptr;
  for (const auto& d : first)
    if (!keepalive(d)) {
      lead = &d;
      break;
    }
  if (!lead) return {};
  if (quic_long_header(lead->bytes)) return {"quic", "true"};
  if (auto dtls = classify_dtls(first); dtls.app != "unknown") return dtls;
  const std::string_view text(reinterpret_cast<const char*>(lead->bytes.data()), lead->bytes.size());
  if (sip_start_line(text)) return {"sip", "false"};
  std::vector<Bytes> packets;
  for (const auto& d : first) packets.emplace_back(d.bytes);
  return judge_rtp_packets(packets);
}

}  // namespace facecert::probes::traffic
