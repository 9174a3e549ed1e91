// Hand-built TLS / TLCP handshakes and real X.509 certificates (made with OpenSSL) for the TLS
// audit tests.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probes/frame_builder_support.h"

namespace facecert::test {

// Handshake message: type, 24-bit length, body.
Bytes handshake(std::uint8_t type, const Bytes& body);
struct ClientHelloSpec {
  std::uint16_t legacy_version = 0x0303;
  std::vector<std::uint16_t> suites;
  std::string sni;
  std::vector<std::uint16_t> supported_versions;  // extension 43 when non-empty
  std::vector<std::uint16_t> groups;              // extension 10 when non-empty
};
Bytes client_hello(const ClientHelloSpec& spec);  // a whole handshake message
Bytes server_hello(std::uint16_t legacy_version, std::uint16_t suite,
                   std::optional<std::uint16_t> selected_version = std::nullopt);
Bytes certificate_message(const std::vector<Bytes>& ders);
Bytes server_hello_done();
// `payload` cut into records of `type` and `version` carrying at most `max_fragment` bytes each.
Bytes records(std::uint8_t type, std::uint16_t version, const Bytes& payload,
              std::size_t max_fragment = 16384);
Bytes concat(const std::vector<Bytes>& parts);

enum class KeyKind { EcP256, Sm2, Rsa2048 };
struct TestCert {
  Bytes der;
  std::shared_ptr<void> key, cert;  // EVP_PKEY*, X509* (freed by their deleters)
};
// Signed by `issuer` (nullptr: self-signed) with SHA-256, or SM3 for SM2 keys.
TestCert make_certificate(const std::string& common_name, KeyKind kind, const TestCert* issuer,
                          std::time_t not_before, std::time_t not_after);

// One TCP connection between 192.168.1.10:40000 and 192.168.1.20:443 as Ethernet frames: the
// handshake, then `c2s` and `s2c` each in `mss`-byte segments (all of c2s first, then s2c).
std::vector<Bytes> tcp_connection(const Bytes& c2s, const Bytes& s2c, std::size_t mss = 1400);

}  // namespace facecert::test
