// A small HTTP(S) server on Boost.Beast for the view-library receiver: one acceptor, one
// asynchronous session per connection (TLS handshake when a context is given, keep-alive, body
// and header limits, timeouts), each request handed to a handler that returns the answer.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "facecert/drivers/tcp_listener.h"

namespace facecert::drivers::viid {

struct HttpExchange {
  std::string method, target, authorization, user_identify, body, remote;
};

struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/VIID+JSON;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using HttpHandler = std::function<HttpAnswer(const HttpExchange&)>;

class HttpServer {
 public:
  static constexpr std::size_t kBodyLimit = 64u << 20;  // batches of base64 images
  static constexpr std::chrono::seconds kTimeout{15};

  // Binds and listens now; throws std::runtime_error naming the address. `tls` null: plain HTTP.
  HttpServer(boost::asio::io_context& ioc, const std::string& address, unsigned short port,
             boost::asio::ssl::context* tls, HttpHandler handler);
  unsigned short port() const { return listener_.port(); }
  void start() { listener_.start(); }
  void stop() { listener_.stop(); }

 private:
  void serve(boost::asio::ip::tcp::socket socket, std::string remote);
  boost::asio::ssl::context* tls_;
  HttpHandler handler_;
  TcpListener listener_;
};

}  // namespace facecert::drivers::viid
