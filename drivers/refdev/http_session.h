// One client connection of the device's server, plain or TLS (Stream is beast::tcp_stream or
// beast::ssl_stream<beast::tcp_stream>). Private to http_server.cpp.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "router.h"

namespace facecert::refdev {

namespace beast = boost::beast;
namespace http = beast::http;

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  HttpSession(Router& router, std::string remote, std::size_t body_limit,
              std::chrono::seconds timeout, Args&&... stream_args)
      : stream_(std::forward<Args>(stream_args)...),
        router_(router),
        remote_(std::move(remote)),
        body_limit_(body_limit),
        timeout_(timeout) {}

  void start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(timeout_);
      stream_.async_handshake(boost::asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    } else {
      read();
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) return reply(error_reply(413, "bodyTooLarge", "request body too large"), false);
    if (ec) return close();  // end of stream, timeout, garbage: drop the connection
    auto& msg = parser_->get();
    ApiRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.content_type = std::string(msg[http::field::content_type]);
    req.authorization = std::string(msg[http::field::authorization]);
    req.body = std::move(msg.body());
    req.remote = remote_;
    beast::error_code ec_local;
    const auto local = beast::get_lowest_layer(stream_).socket().local_endpoint(ec_local);
    if (!ec_local) req.local = local.address().to_string() + ":" + std::to_string(local.port());
    auto r = router_.dispatch(req);
    if (r.stream) return stream(std::move(r));
    reply(std::move(r), msg.keep_alive());
  }

  // A long-lived answer (router.h ReplyStream): the header, then whatever poll() gives, until
  // poll() ends it, the client goes away (a write fails) or the device stops. Close-delimited.
  void stream(ApiReply r) {
    source_ = std::move(r.stream);
    head_ = {};
    head_.version(11);
    head_.result(static_cast<unsigned>(r.status));
    head_.set(http::field::server, "facecert-refdev");
    head_.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) head_.insert(k, v);
    head_.keep_alive(false);
    head_writer_.emplace(head_);
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    http::async_write_header(stream_, *head_writer_,
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->next_part();
                             });
  }

  void next_part() {
    std::optional<std::string> out;
    try {
      out = source_->poll();
    } catch (const std::exception&) {
      out.reset();
    }
    if (!out) return close();
    auto self = this->shared_from_this();
    if (out->empty()) {
      poll_timer_.expires_after(ReplyStream::kPollInterval);
      poll_timer_.async_wait([self](beast::error_code ec) {
        if (ec) return self->close();
        self->next_part();
      });
      return;
    }
    pending_ = std::move(*out);
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    boost::asio::async_write(stream_, boost::asio::buffer(pending_),
                             [self](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->next_part();
                             });
  }

  void reply(ApiReply r, bool keep_alive) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(r.status));
    res_.set(http::field::server, "facecert-refdev");
    res_.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res_.insert(k, v);
    res_.body() = std::move(r.body);
    res_.keep_alive(keep_alive);
    res_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    http::async_write(stream_, res_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec,
                                                                    std::size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    }
  }

  Stream stream_;
  Router& router_;
  std::string remote_;
  std::size_t body_limit_;
  std::chrono::seconds timeout_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  // Streaming (alertStream)
  std::shared_ptr<ReplyStream> source_;
  http::response<http::empty_body> head_;
  std::optional<http::response_serializer<http::empty_body>> head_writer_;
  boost::asio::steady_timer poll_timer_{stream_.get_executor()};
  std::string pending_;
};

}  // namespace facecert::refdev
