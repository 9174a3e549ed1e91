#include "http_connection.h"

#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace facecert::drivers {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

std::string describe(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return "timed out";
  std::string m = ec.message();
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(m[0])));
  return m;
}

std::string sha256_fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

void HttpConnection::run() {
  ioc_.restart();
  ioc_.run();
}

HttpConnection::HttpConnection(const Url& url, const std::string& ca_file,
                               Clock::time_point deadline)
    : origin_(url.origin()), ssl_ctx_(ssl::context::tls_client) {
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  const auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) throw TransportError("resolve", describe(ec), true);

  plain_ = std::make_unique<beast::tcp_stream>(ioc_);
  plain_->expires_at(deadline);
  plain_->async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  run();
  if (ec) throw TransportError("connect", describe(ec), true);
  if (url.scheme != "https") return;

  // The driver must reach weak devices too (TLS 1.0, SHA-1 suites): clause 7.0 judges the handshake
  // from the capture, not by refusing to talk. OpenSSL still negotiates the strongest both sides
  // support.
  SSL_CTX_set_min_proto_version(ssl_ctx_.native_handle(), TLS1_VERSION);
  SSL_CTX_set_security_level(ssl_ctx_.native_handle(), 0);
  if (ca_file.empty()) {
    ssl_ctx_.set_verify_mode(ssl::verify_none);
  } else {
    ssl_ctx_.load_verify_file(ca_file, ec);
    if (ec) throw TransportError("TLS", fmt::format("cannot load CA file {}: {}", ca_file,
                                                    describe(ec)), true);
    ssl_ctx_.set_verify_mode(ssl::verify_peer);
  }
  tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(*plain_), ssl_ctx_);
  plain_.reset();
  SSL* ssl_handle = tls_->native_handle();
  if (!is_ip_literal(url.host)) SSL_set_tlsext_host_name(ssl_handle, url.host.c_str());
  if (!ca_file.empty()) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
    if (is_ip_literal(url.host))
      X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str());
    else
      X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0);
  }
  beast::get_lowest_layer(*tls_).expires_at(deadline);
  tls_->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
  run();
  if (ec) throw TransportError("TLS handshake", describe(ec), true);
  if (X509* cert = SSL_get1_peer_certificate(ssl_handle)) {
    fingerprint_ = sha256_fingerprint(cert);
    X509_free(cert);
  }
}

HttpConnection::~HttpConnection() {
  beast::error_code ec;
  if (tls_) beast::get_lowest_layer(*tls_).socket().close(ec);
  if (plain_) plain_->socket().close(ec);
}

template <class Stream>
HttpConnection::Response HttpConnection::exchange_on(Stream& stream, Request& req,
                                                     std::uint64_t max_body,
                                                     Clock::time_point deadline) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_at(deadline);
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  run();
  if (ec) throw TransportError("write", describe(ec), true);

  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  std::size_t got = 0;
  const auto on_read = [&](beast::error_code e, std::size_t n) {
    ec = e;
    got += n;
  };
  // The header first, so that a declared Content-Length above the limit is refused before any
  // of the body is read.
  http::async_read_header(stream, buffer_, parser, on_read);
  run();
  if (!ec && parser.content_length() && *parser.content_length() > max_body)
    throw TransportError("read",
                         fmt::format("response body of {} bytes exceeds {} bytes",
                                     *parser.content_length(), max_body),
                         false);
  if (!ec) {
    http::async_read(stream, buffer_, parser, on_read);
    run();
  }
  if (ec) {
    const bool nothing = got == 0 && !parser.got_some();
    if (ec == http::error::body_limit)
      throw TransportError("read", fmt::format("response body exceeds {} bytes", max_body), false);
    throw TransportError("read", describe(ec), nothing);
  }
  return parser.release();
}

HttpConnection::Response HttpConnection::exchange(Request& req, std::uint64_t max_body,
                                                  Clock::time_point deadline) {
  if (tls_) return exchange_on(*tls_, req, max_body, deadline);
  return exchange_on(*plain_, req, max_body, deadline);
}

}  // namespace facecert::drivers
