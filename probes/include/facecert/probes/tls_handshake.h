// What the clear-text part of a TLS / TLCP handshake says, read from one direction's reassembled
// stream bytes (7.0: the transport must be encrypted with a sound protocol). Parsing stops at the
// first ChangeCipherSpec or application-data record: what follows is encrypted.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace facecert::probes {

struct TlsByteRange {  // where a handshake message lies in the direction's stream
  std::uint64_t offset = 0, length = 0;
};

struct TlsClientHello {
  std::uint16_t legacy_version = 0;
  std::vector<std::uint16_t> cipher_suites;       // as offered, SCSVs included
  std::string sni;                                 // host_name of server_name, empty if absent
  std::vector<std::uint16_t> supported_versions;  // extension 43
  std::vector<std::uint16_t> supported_groups;    // extension 10
  TlsByteRange where;
};

struct TlsServerHello {
  std::uint16_t legacy_version = 0;
  std::uint16_t version = 0;  // supported_versions extension if present (TLS 1.3), else legacy
  std::uint16_t cipher_suite = 0;
  bool hello_retry_request = false;
  TlsByteRange where;
};

struct TlsCertificate {
  bool decoded = false;  // d2i_X509 accepted the DER
  std::string subject, issuer;        // RFC 2253 text
  std::string not_before, not_after;  // "2026-11-27T08:20:45Z"
  std::time_t not_before_epoch = 0, not_after_epoch = 0;
  bool self_signed = false;  // subject == issuer and the signature verifies with its own key
  std::size_t der_length = 0;
};

struct TlsCertificateMessage {
  std::vector<TlsCertificate> chain;  // as sent: leaf first (TLCP: signing, encryption, chain)
  TlsByteRange where;
};

struct TlsHandshake {
  std::uint16_t record_version = 0;  // of the first record; 0 if the stream is not TLS
  std::optional<TlsClientHello> client_hello;
  std::optional<TlsServerHello> server_hello;
  std::optional<TlsCertificateMessage> certificate;
  bool reached_encrypted = false;  // ChangeCipherSpec or application data seen
  std::vector<std::string> problems;  // malformed or truncated parts, one line each, with offsets
};

// `stream` starts at stream offset `base` (0 when the connection's start was captured). Never
// throws on hostile bytes: what does not parse is listed in `problems` and parsing stops there.
TlsHandshake parse_tls_handshake(std::span<const std::uint8_t> stream, std::uint64_t base = 0);

// "TLS 1.2", "TLCP 1.1", "SSL 3.0", else "0x7f1c".
std::string tls_version_name(std::uint16_t version);

}  // namespace facecert::probes
