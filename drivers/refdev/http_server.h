// The device's HTTP(S) server on Boost.Beast: accepts on one address, serves each connection as an
// asynchronous session (TLS handshake when a context is given, keep-alive, body limit, read and
// handshake timeouts so a slow or hostile client cannot hold a thread), and hands each request to
// the Router. Run the io_context on a few threads.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "facecert/drivers/tcp_listener.h"

namespace facecert::refdev {

class Router;

class HttpServer {
 public:
  static constexpr std::size_t kBodyLimit = 32u << 20;
  static constexpr int kReadTimeoutSeconds = 15;

  // Binds and listens immediately (throws std::runtime_error naming the address on failure).
  // `tls` null: plain HTTP.
  HttpServer(boost::asio::io_context& ioc, const std::string& address, unsigned short port,
             Router& router, boost::asio::ssl::context* tls);
  unsigned short port() const { return listener_.port(); }
  void start() { listener_.start(); }  // begin accepting
  void stop() { listener_.stop(); }    // stop accepting (sessions in flight finish or time out)

 private:
  void serve(boost::asio::ip::tcp::socket socket, std::string remote);
  Router& router_;
  boost::asio::ssl::context* tls_;
  drivers::TcpListener listener_;
};

}  // namespace facecert::refdev
