#include "viid_http_server.h"

#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

namespace facecert::drivers::viid {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One connection; Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... StreamArgs>
  Session(const HttpHandler& handler, std::string remote, StreamArgs&&... args)
      : stream_(std::forward<StreamArgs>(args)...), handler_(handler), remote_(std::move(remote)) {}

  void run() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(HttpServer::kTimeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
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
    parser_->body_limit(HttpServer::kBodyLimit);
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(HttpServer::kTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_request(ec);
                     });
  }

  void on_request(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      HttpAnswer a;
      a.status = 413;
      a.content_type = "text/plain";
      a.body = "request body too large\n";
      return write(std::move(a), false);
    }
    if (ec) return close();
    auto& msg = parser_->get();
    HttpExchange x;
    x.method = std::string(msg.method_string());
    x.target = std::string(msg.target());
    x.authorization = std::string(msg[http::field::authorization]);
    x.user_identify = std::string(msg["User-Identify"]);
    x.body = std::move(msg.body());
    x.remote = remote_;
    HttpAnswer answer;
    try {
      answer = handler_(x);
    } catch (const std::exception& e) {  // a handler bug must not take the server down
      answer.status = 500;
      answer.content_type = "text/plain";
      answer.body = fmt::format("internal error: {}\n", e.what());
    }
    write(std::move(answer), msg.keep_alive());
  }

  void write(HttpAnswer a, bool keep_alive) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(a.status));
    res_.set(http::field::server, "facecert-viid");
    res_.set(http::field::content_type, a.content_type);
    for (const auto& [k, v] : a.headers) res_.insert(k, v);
    res_.body() = std::move(a.body);
    res_.keep_alive(keep_alive);
    res_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(HttpServer::kTimeout);
    http::async_write(stream_, res_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ec2;
        beast::get_lowest_layer(self->stream_).socket().close(ec2);
      });
    } else {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Stream stream_;
  const HttpHandler& handler_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
};

}  // namespace

HttpServer::HttpServer(asio::io_context& ioc, const std::string& address, unsigned short port,
                       asio::ssl::context* tls, HttpHandler handler)
    : tls_(tls),
      handler_(std::move(handler)),
      listener_(ioc, address, port,
                [this](tcp::socket socket, std::string remote) { serve(std::move(socket), std::move(remote)); }) {}

void HttpServer::serve(tcp::socket socket, std::string remote) {
  if (tls_)
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(handler_, std::move(remote), std::move(socket),
                                                                     *tls_)
        ->run();
  else
    std::make_shared<Session<beast::tcp_stream>>(handler_, std::move(remote), std::move(socket))->run();
}

}  // namespace facecert::drivers::viid
