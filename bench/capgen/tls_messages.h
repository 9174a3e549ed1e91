// The clear part of TLS 1.3 / 1.2 handshakes, byte-exact to RFC 8446 / 5246, with random keys;
// what follows the handshake is application-data records of random bytes (see tcp_flow.h).
#pragma once

#include <string>
#include <string_view>

#include "rng.h"

namespace facecert::capgen {

// ClientHello record; `tls13` adds supported_versions (1.3, 1.2), psk modes and key_share.
std::string tls_client_hello(Rng& rng, std::string_view sni, bool tls13);
// TLS 1.3: ServerHello (TLS_AES_128_GCM_SHA256, x25519 share), the compatibility
// ChangeCipherSpec, and the encrypted rest of the server flight as application-data records.
std::string tls13_server_flight(Rng& rng);
// TLS 1.3 client: ChangeCipherSpec + encrypted Finished.
std::string tls13_client_finished(Rng& rng);
// TLS 1.2: ServerHello (ECDHE-ECDSA-AES128-GCM-SHA256), Certificate (the DER given),
// ServerKeyExchange (x25519), ServerHelloDone.
std::string tls12_server_flight(Rng& rng, std::string_view certificate_der);
// TLS 1.2 client: ClientKeyExchange, ChangeCipherSpec, encrypted Finished.
std::string tls12_client_finish(Rng& rng);
// TLS 1.2 server: ChangeCipherSpec, encrypted Finished.
std::string tls12_server_finish(Rng& rng);

// One self-signed Ed25519 certificate (DER) for `common_name`, made deterministically from the
// seed (Ed25519 signatures are deterministic; validity dates are fixed), so captures are
// byte-identical for a seed.
std::string self_signed_certificate(std::uint64_t seed, const std::string& common_name);

}  // namespace facecert::capgen
