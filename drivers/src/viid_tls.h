// The receiver's TLS server context: TLS 1.2 minimum with forward-secret AEAD suites, and either the
// inspector's certificate and key or a self-signed ECDSA P-256 certificate made in memory at start
// (its private key never touches the disk).
#pragma once

#include <string>

#include <boost/asio/ssl/context.hpp>

namespace facecert::drivers::viid {

// Both empty: self-signed (CN facecert-viid, SAN IP:127.0.0.1, IP:::1). Throws std::runtime_error
// naming the file when the certificate or key cannot be used.
boost::asio::ssl::context make_tls_context(const std::string& cert_file, const std::string& key_file);

}  // namespace facecert::drivers::viid
