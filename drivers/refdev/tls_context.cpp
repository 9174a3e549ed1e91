#include "tls_context.h"

#include <stdexcept>

#include <fmt/format.h>
#include <openssl/ssl.h>

namespace facecert::refdev {
namespace ssl = boost::asio::ssl;

namespace {

void apply_legacy_tls10(SSL_CTX* native) {
  SSL_CTX_clear_options(native, SSL_OP_NO_TLSv1);
  SSL_CTX_set_security_level(native, 0);  // TLS 1.0 signs with MD5+SHA-1: below every level
  SSL_CTX_set_min_proto_version(native, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(native, TLS1_VERSION);
  if (SSL_CTX_set_cipher_list(native, "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0") != 1)
    throw std::runtime_error("tls: legacy cipher list rejected");
}

}  // namespace

ssl::context make_server_tls_context(const std::filesystem::path& cert,
                                     const std::filesystem::path& key, bool legacy_tls10) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(native,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305") != 1)
    throw std::runtime_error("tls: cipher list rejected");
  if (legacy_tls10) apply_legacy_tls10(native);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert.string(), ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot use certificate: {}", cert.string(), ec.message()));
  ctx.use_private_key_file(key.string(), ssl::context::pem, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot use private key: {}", key.string(), ec.message()));
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error(fmt::format("{}: key does not match {}", key.string(), cert.string()));
  return ctx;
}

}  // namespace facecert::refdev
