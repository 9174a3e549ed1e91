// The server TLS context: TLS 1.2 minimum, forward-secret AEAD suites only (ECDHE with AES-GCM or
// ChaCha20-Poly1305 for TLS 1.2; TLS 1.3 suites are all of that kind). With `legacy_tls10` (the
// tls10 flaw) it speaks only TLS 1.0 with a CBC/SHA-1 suite, as old terminals do.
#pragma once

#include <filesystem>

#include <boost/asio/ssl/context.hpp>

namespace facecert::refdev {

// Throws std::runtime_error naming the file when the certificate or key cannot be used.
boost::asio::ssl::context make_server_tls_context(const std::filesystem::path& cert,
                                                  const std::filesystem::path& key,
                                                  bool legacy_tls10 = false);

}  // namespace facecert::refdev
