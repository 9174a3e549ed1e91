// A synchronous HTTP/1.1 client for device drivers (Boost.Beast + OpenSSL).
//
// - http:// and https:// by URL scheme; one kept-alive connection is reused while the scheme, host
//   and port stay the same (re-opened once if the device closed it).
// - Every request has a deadline (Options::timeout) covering connect, handshake, write and read.
// - HTTP Digest authentication (RFC 7616, MD5 / SHA-256, qop=auth): a 401 challenge is answered and
//   the request retried once; later requests reuse the challenge with a counted nc.
// - TLS: with Options::ca_file the peer certificate must chain to it and match the host; without
//   it any certificate is accepted and its SHA-256 fingerprint is recorded (peer_fingerprint()).
// - Response bodies above Options::max_body are refused.
// Every failure throws DriverError "METHOD URL: what happened". Not thread-safe: one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "facecert/drivers/driver.h"

namespace facecert::drivers {

struct Url {
  std::string scheme, host, port, target;  // target: path + query, "/" when empty
  // Throws DriverError for anything but http(s)://host[:port][/path].
  static Url parse(std::string_view url);
  std::string origin() const;  // scheme://host:port
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string content_type;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class HttpClient {
 public:
  struct Options {
    std::chrono::milliseconds timeout{10000};
    std::string user, password;  // Digest credentials; empty user: no authentication
    std::string ca_file;         // PEM file to verify the server against; empty: accept any
    std::uint64_t max_body = 64ull << 20;
  };

  explicit HttpClient(Options options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and returns the response whatever its status (a 401 after the digest retry
  // is returned too). Throws DriverError on transport or protocol failures.
  HttpResponse request(std::string_view method, std::string_view url, std::string body = {},
                       std::string content_type = {},
                       const std::map<std::string, std::string>& headers = {});

  // Like request(), but throws DriverError "METHOD URL: HTTP <status> <reason>" unless 2xx.
  HttpResponse request_ok(std::string_view method, std::string_view url, std::string body = {},
                          std::string content_type = {},
                          const std::map<std::string, std::string>& headers = {});

  // SHA-256 fingerprint (hex, lower case) of the last TLS peer certificate; empty before any TLS.
  const std::string& peer_fingerprint() const;
  // How many TCP connections were opened so far (to observe keep-alive reuse).
  int connections_opened() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace facecert::drivers
