#include "handshake_messages.h"

#include <algorithm>
#include <array>

#include "byte_reader.h"

namespace facecert::probes::tls {
namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint16_t kExtServerName = 0, kExtSupportedGroups = 10, kExtSupportedVersions = 43;
constexpr std::size_t kMaxCertificates = 32;

// RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr std::array<std::uint8_t, 32> kHelloRetryRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

bool u16_list(Bytes list, std::vector<std::uint16_t>& out) {
  if (list.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < list.size(); i += 2)
    out.push_back(static_cast<std::uint16_t>(list[i] << 8 | list[i + 1]));
  return true;
}

// A host name is text; anything else is shown escaped so a report never carries raw bytes.
std::string printable(Bytes name) {
  std::string out;
  for (const std::uint8_t c : name) {
    if (c >= 0x21 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

bool server_name(Bytes data, std::string& sni) {
  ByteReader r(data);
  Bytes list;
  if (!r.vec16(list) || !r.empty()) return false;
  ByteReader names(list);
  while (!names.empty()) {
    std::uint8_t type = 0;
    Bytes name;
    if (!names.u8(type) || !names.vec16(name)) return false;
    if (type == 0 && sni.empty()) sni = printable(name);
  }
  return true;
}

// Walks extensions<0..2^16-1>; `on` returns false when an extension body is malformed.
template <typename On>
bool extensions(ByteReader& r, std::string& why, On on) {
  if (r.empty()) return true;  // extensions are optional before TLS 1.3
  Bytes all;
  if (!r.vec16(all) || !r.empty()) {
    why = "extensions block does not fit the message";
    return false;
  }
  ByteReader e(all);
  while (!e.empty()) {
    std::uint16_t type = 0;
    Bytes data;
    if (!e.u16(type) || !e.vec16(data)) {
      why = "extension header overruns the extensions block";
      return false;
    }
    if (!on(type, data)) {
      why = "malformed extension " + std::to_string(type);
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<TlsClientHello> parse_client_hello(Bytes body, std::string& why) {
  TlsClientHello ch;
  ByteReader r(body);
  Bytes random, session, suites, compression;
  if (!r.u16(ch.legacy_version) || !r.take(32, random) || !r.vec8(session) || !r.vec16(suites) ||
      !r.vec8(compression)) {
    why = "ClientHello fields overrun the message";
    return std::nullopt;
  }
  if (!u16_list(suites, ch.cipher_suites)) {
    why = "ClientHello cipher_suites has an odd length";
    return std::nullopt;
  }
  const bool ok = extensions(r, why, [&](std::uint16_t type, Bytes data) {
    ByteReader d(data);
    Bytes list;
    switch (type) {
      case kExtServerName: return server_name(data, ch.sni);
      case kExtSupportedVersions:
        return d.vec8(list) && d.empty() && u16_list(list, ch.supported_versions);
      case kExtSupportedGroups:
        return d.vec16(list) && d.empty() && u16_list(list, ch.supported_groups);
      default: return true;
    }
  });
  if (!ok) return std::nullopt;
  return ch;
}

std::optional<TlsServerHello> parse_server_hello(Bytes body, std::string& why) {
  TlsServerHello sh;
  ByteReader r(body);
  Bytes random, session;
  std::uint8_t compression = 0;
  if (!r.u16(sh.legacy_version) || !r.take(32, random) || !r.vec8(session) ||
      !r.u16(sh.cipher_suite) || !r.u8(compression)) {
    why = "ServerHello fields overrun the message";
    return std::nullopt;
  }
  sh.hello_retry_request = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
  sh.version = sh.legacy_version;
  const bool ok = extensions(r, why, [&](std::uint16_t type, Bytes data) {
    if (type != kExtSupportedVersions) return true;
    ByteReader d(data);
    return d.u16(sh.version) && d.empty();  // RFC 8446 4.2.1: the selected version
  });
  if (!ok) return std::nullopt;
  return sh;
}

std::optional<TlsCertificateMessage> parse_certificate(Bytes body, std::string& why) {
  TlsCertificateMessage msg;
  ByteReader r(body);
  Bytes list;
  if (!r.vec24(list) || !r.empty()) {
    why = "Certificate list length does not match the message";
    return std::nullopt;
  }
  ByteReader certs(list);
  while (!certs.empty()) {
    Bytes der;
    if (!certs.vec24(der) || der.empty()) {
      why = "certificate entry overruns the Certificate list";
      return std::nullopt;
    }
    if (msg.chain.size() < kMaxCertificates) msg.chain.push_back(decode_certificate(der));
  }
  return msg;
}

}  // namespace facecert::probes::tls
