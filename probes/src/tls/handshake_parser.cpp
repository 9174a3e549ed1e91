// Record layer and handshake reassembly over one direction's stream bytes. Handshake messages may
// span records; every length is checked against what is there before it is used.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "byte_reader.h"
#include "facecert/probes/tls_handshake.h"
#include "handshake_messages.h"

namespace facecert::probes {
namespace {

using Bytes = std::span<const std::uint8_t>;

// Record types 20-24; alerts (21) and heartbeats (24) carry nothing the audit needs.
constexpr std::uint8_t kChangeCipherSpec = 20, kHandshake = 22, kApplicationData = 23, kHeartbeat = 24;
constexpr std::uint8_t kClientHello = 1, kServerHello = 2, kCertificate = 11;
constexpr std::uint16_t kTlcp = 0x0101;            // GM/T 0024 record version
constexpr std::size_t kMaxRecord = 16384 + 2048;   // TLSCiphertext limit
constexpr std::size_t kMaxHandshakeBytes = 1 << 20;  // clear handshake kept per direction

bool record_version(std::uint16_t v) { return (v >= 0x0300 && v <= 0x0304) || v == kTlcp; }

class Reassembler {
 public:
  Reassembler(TlsHandshake& out, std::uint64_t base) : out_(out), base_(base) {}

  // A handshake record body that started at stream position `at` (relative to the span).
  bool add(Bytes body, std::size_t at) {
    if (body.empty()) return true;
    if (buffer_.size() + body.size() > kMaxHandshakeBytes) {
      out_.problems.push_back(fmt::format("clear handshake exceeds {} bytes at stream offset {}; "
                                          "not read further", kMaxHandshakeBytes, base_ + at));
      return false;
    }
    fragments_.push_back({buffer_.size(), base_ + at});
    buffer_.insert(buffer_.end(), body.begin(), body.end());
    return messages();
  }

  void finish() {
    if (consumed_ < buffer_.size())
      out_.problems.push_back(fmt::format("handshake message at stream offset {} is incomplete "
                                          "({} of its bytes captured)",
                                          stream_offset(consumed_), buffer_.size() - consumed_));
  }

 private:
  struct Fragment {
    std::size_t buffer_pos;
    std::uint64_t stream_offset;
  };

  // Fragments are in buffer order; a binary search keeps a stream of tiny records cheap.
  std::uint64_t stream_offset(std::size_t buffer_pos) const {
    auto it = std::upper_bound(fragments_.begin(), fragments_.end(), buffer_pos,
                               [](std::size_t p, const Fragment& f) { return p < f.buffer_pos; });
    const Fragment& f = it == fragments_.begin() ? *it : *std::prev(it);
    return f.stream_offset + (buffer_pos - f.buffer_pos);
  }

  bool messages() {
    while (buffer_.size() - consumed_ >= 4) {
      tls::ByteReader r(Bytes(buffer_).subspan(consumed_));
      std::uint8_t type = 0;
      std::uint32_t length = 0;
      r.u8(type);
      r.u24(length);
      if (r.remaining() < length) return true;  // wait for the next record
      Bytes body;
      r.take(length, body);
      const TlsByteRange where{stream_offset(consumed_),
                               stream_offset(consumed_ + 3 + length) + 1 - stream_offset(consumed_)};
      if (!message(type, body, where)) {
        consumed_ = buffer_.size();  // reported; the rest is not read
        return false;
      }
      consumed_ += 4 + length;
    }
    return true;
  }

  bool message(std::uint8_t type, Bytes body, const TlsByteRange& where) {
    std::string why;
    switch (type) {
      case kClientHello:
        if (auto ch = tls::parse_client_hello(body, why)) {
          ch->where = where;
          out_.client_hello = std::move(*ch);
        }
        break;
      case kServerHello:
        if (auto sh = tls::parse_server_hello(body, why)) {
          sh->where = where;
          out_.server_hello = std::move(*sh);
        }
        break;
      case kCertificate:
        // In TLS 1.3 this message is encrypted; a clear one after a 1.3 ServerHello is not ours
        // to read with the 1.2 layout.
        if (out_.server_hello && out_.server_hello->version == 0x0304) break;
        if (auto c = tls::parse_certificate(body, why)) {
          c->where = where;
          out_.certificate = std::move(*c);
        }
        break;
      default: break;
    }
    if (why.empty()) return true;
    out_.problems.push_back(fmt::format("{} at stream offset {}", why, where.offset));
    return false;
  }

  TlsHandshake& out_;
  std::uint64_t base_;
  std::vector<std::uint8_t> buffer_;
  std::vector<Fragment> fragments_;
  std::size_t consumed_ = 0;
};

}  // namespace

TlsHandshake parse_tls_handshake(Bytes stream, std::uint64_t base) {
  TlsHandshake out;
  Reassembler handshake(out, base);
  std::size_t pos = 0;
  while (pos < stream.size()) {
    tls::ByteReader r(stream.subspan(pos));
    std::uint8_t type = 0;
    std::uint16_t version = 0, length = 0;
    if (!r.u8(type) || !r.u16(version) || !r.u16(length)) {
      out.problems.push_back(fmt::format("record header at stream offset {} is cut short", base + pos));
      break;
    }
    if (type < kChangeCipherSpec || type > kHeartbeat || !record_version(version) ||
        length > kMaxRecord) {
      out.problems.push_back(fmt::format(
          "no TLS record at stream offset {} (type {}, version 0x{:04x}, length {})", base + pos,
          type, version, length));
      break;
    }
    Bytes body;
    if (!r.take(length, body)) {
      out.problems.push_back(fmt::format("record at stream offset {} is truncated ({} of {} bytes)",
                                         base + pos, r.remaining(), length));
      break;
    }
    if (out.record_version == 0) out.record_version = version;
    if (type == kChangeCipherSpec || type == kApplicationData) {
      out.reached_encrypted = true;  // what follows is encrypted
      break;
    }
    if (type == kHandshake && !handshake.add(body, pos + 5)) break;
    pos += 5 + length;
  }
  handshake.finish();
  return out;
}

std::string tls_version_name(std::uint16_t version) {
  switch (version) {
    case 0x0002: return "SSL 2.0";
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    case kTlcp: return "TLCP 1.1";
    default: return fmt::format("0x{:04x}", version);
  }
}

}  // namespace facecert::probes
