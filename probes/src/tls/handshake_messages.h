// Parsers of single handshake message bodies (after the 4-byte type/length header) and of the
// DER certificates they carry. Each returns nullopt (and says why) on malformed bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "facecert/probes/tls_handshake.h"

namespace facecert::probes::tls {

std::optional<TlsClientHello> parse_client_hello(std::span<const std::uint8_t> body, std::string& why);
std::optional<TlsServerHello> parse_server_hello(std::span<const std::uint8_t> body, std::string& why);
// TLS <= 1.2 and TLCP layout: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>.
std::optional<TlsCertificateMessage> parse_certificate(std::span<const std::uint8_t> body,
                                                       std::string& why);
// d2i_X509 and the fields the audit needs; `decoded` false when OpenSSL refuses the DER.
TlsCertificate decode_certificate(std::span<const std::uint8_t> der);

}  // namespace facecert::probes::tls
