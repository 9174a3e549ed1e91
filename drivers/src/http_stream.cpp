// HttpConnection::stream: reading a long-lived answer piece by piece (ISAPI alertStream). The
// body goes through a buffer_body parser, so chunked, Content-Length and close-delimited bodies
// all arrive as plain bytes; the io_context runs in slices so the caller can stop the read.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <limits>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "http_connection.h"

namespace facecert::drivers {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

HttpResponse header_of(const http::response_parser<http::buffer_body>& parser) {
  const auto& msg = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(msg.result_int());
  out.reason = std::string(msg.reason());
  for (const auto& field : msg) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    out.headers.emplace(std::move(name), std::string(field.value()));
  }
  out.content_type = std::string(msg[http::field::content_type]);
  return out;
}

}  // namespace

bool HttpConnection::run_until(const bool& done, std::chrono::milliseconds slice,
                               const std::function<bool()>& keep_going) {
  while (!done) {
    if (ioc_.stopped()) ioc_.restart();
    ioc_.run_for(slice);
    if (!done && !keep_going()) {
      beast::error_code ec;
      if (tls_) beast::get_lowest_layer(*tls_).socket().cancel(ec);
      if (plain_) plain_->socket().cancel(ec);
      if (ioc_.stopped()) ioc_.restart();
      ioc_.run();  // the cancelled operation completes
      return false;
    }
  }
  return true;
}

template <class Stream>
HttpResponse HttpConnection::stream_on(Stream& stream, Request& req, Clock::time_point deadline,
                                       std::chrono::milliseconds slice,
                                       const std::function<bool(const HttpResponse&)>& on_header,
                                       const std::function<bool(std::string_view)>& on_body,
                                       const std::function<bool()>& keep_going) {
  beast::error_code ec;
  bool done = false;
  const auto on_io = [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  };
  beast::get_lowest_layer(stream).expires_at(deadline);
  http::async_write(stream, req, on_io);
  if (!run_until(done, slice, keep_going)) throw TransportError("write", "stopped", true);
  if (ec) throw TransportError("write", ec.message(), true);

  http::response_parser<http::buffer_body> parser;
  // The stream has no end but the caller's. (Not boost::none: Boost 1.74 then refuses any
  // Content-Length.)
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  done = false;
  http::async_read_header(stream, buffer_, parser, on_io);
  if (!run_until(done, slice, keep_going)) throw TransportError("read", "stopped", true);
  if (ec) throw TransportError("read", ec == beast::error::timeout ? "timed out" : ec.message(), true);
  HttpResponse head = header_of(parser);
  if (!on_header(head)) return head;

  // From here on only the caller's keep_going ends a quiet stream, not the request deadline.
  beast::get_lowest_layer(stream).expires_never();
  std::array<char, 8192> buf{};
  while (!parser.is_done()) {
    parser.get().body().data = buf.data();
    parser.get().body().size = buf.size();
    done = false;
    http::async_read_some(stream, buffer_, parser, on_io);
    if (!run_until(done, slice, keep_going)) break;
    if (ec == http::error::need_buffer) ec = {};
    const std::size_t n = buf.size() - parser.get().body().size;
    if (n > 0 && !on_body(std::string_view(buf.data(), n))) break;
    if (ec == http::error::end_of_stream || ec == boost::asio::error::eof ||
        ec == http::error::partial_message || ec == boost::asio::ssl::error::stream_truncated)
      break;  // the device ended the stream
    if (ec) throw TransportError("read", ec.message(), false);
  }
  return head;
}

HttpResponse HttpConnection::stream(Request& req, Clock::time_point deadline,
                                    std::chrono::milliseconds slice,
                                    const std::function<bool(const HttpResponse&)>& on_header,
                                    const std::function<bool(std::string_view)>& on_body,
                                    const std::function<bool()>& keep_going) {
  if (tls_) return stream_on(*tls_, req, deadline, slice, on_header, on_body, keep_going);
  return stream_on(*plain_, req, deadline, slice, on_header, on_body, keep_going);
}

}  // namespace facecert::drivers
