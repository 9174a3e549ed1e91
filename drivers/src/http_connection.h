// One client connection (plain TCP or TLS) with deadlines, used by HttpClient. Private header.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>
#include <memory>
#include <stdexcept>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "facecert/drivers/http_client.h"

namespace facecert::drivers {

// A failure on the wire; `stage` says where (connect, TLS handshake, write, read).
class TransportError : public std::runtime_error {
 public:
  TransportError(std::string stage, const std::string& what, bool before_response)
      : std::runtime_error(stage + ": " + what), before_response_(before_response) {}
  // True when nothing of a response had arrived (safe to retry on a fresh connection).
  bool before_response() const { return before_response_; }

 private:
  bool before_response_;
};

class HttpConnection {
 public:
  using Clock = std::chrono::steady_clock;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  // Resolves, connects and (https) handshakes before `deadline`. Throws TransportError.
  HttpConnection(const Url& origin, const std::string& ca_file, Clock::time_point deadline);
  ~HttpConnection();

  // Writes `req` and reads the response (body at most max_body bytes) before `deadline`.
  Response exchange(Request& req, std::uint64_t max_body, Clock::time_point deadline);

  // A long-lived answer (ISAPI alertStream): writes `req`, reads the header before `deadline`,
  // then hands the body to `on_body` as it arrives (chunked, Content-Length or close-delimited),
  // asking `keep_going` at least every `slice`. Returns the header (status, reason, fields,
  // content type; body empty) once the body ended, `on_body` or `keep_going` returned false.
  // `on_header` sees the header first and returns false to read no body (e.g. a 401).
  HttpResponse stream(Request& req, Clock::time_point deadline, std::chrono::milliseconds slice,
                      const std::function<bool(const HttpResponse&)>& on_header,
                      const std::function<bool(std::string_view)>& on_body,
                      const std::function<bool()>& keep_going);

  const std::string& origin() const { return origin_; }
  const std::string& peer_fingerprint() const { return fingerprint_; }

 private:
  template <class Stream>
  Response exchange_on(Stream& stream, Request& req, std::uint64_t max_body,
                       Clock::time_point deadline);
  template <class Stream>
  HttpResponse stream_on(Stream& stream, Request& req, Clock::time_point deadline,
                         std::chrono::milliseconds slice,
                         const std::function<bool(const HttpResponse&)>& on_header,
                         const std::function<bool(std::string_view)>& on_body,
                         const std::function<bool()>& keep_going);
  void run();
  // Runs until `done` or `keep_going` says stop (then cancels and drains); false when stopped.
  bool run_until(const bool& done, std::chrono::milliseconds slice,
                 const std::function<bool()>& keep_going);

  std::string origin_;
  boost::asio::io_context ioc_;
  boost::asio::ssl::context ssl_ctx_;
  std::unique_ptr<boost::beast::tcp_stream> plain_;
  std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  boost::beast::flat_buffer buffer_;
  std::string fingerprint_;
};

}  // namespace facecert::drivers
