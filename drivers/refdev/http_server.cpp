#include "http_server.h"

#include <stdexcept>

#include <boost/asio/strand.hpp>
#include <fmt/format.h>

#include "http_session.h"

namespace facecert::refdev {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpServer::HttpServer(asio::io_context& ioc, const std::string& address, unsigned short port,
                       Router& router, asio::ssl::context* tls)
    : ioc_(ioc), acceptor_(ioc), router_(router), tls_(tls) {
  beast::error_code ec;
  const auto addr = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: not an IP address", address));
  const tcp::endpoint endpoint(addr, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error(fmt::format("{}:{}: cannot listen: {}", address, port, ec.message()));
}

unsigned short HttpServer::port() const { return acceptor_.local_endpoint().port(); }

void HttpServer::start() { accept(); }

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
}

void HttpServer::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      beast::error_code ep_ec;
      const auto ep = socket.remote_endpoint(ep_ec);
      const std::string remote =
          ep_ec ? "unknown" : fmt::format("{}:{}", ep.address().to_string(), ep.port());
      const auto timeout = std::chrono::seconds(kReadTimeoutSeconds);
      if (tls_)
        std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
            router_, remote, kBodyLimit, timeout, std::move(socket), *tls_)
            ->start();
      else
        std::make_shared<HttpSession<beast::tcp_stream>>(router_, remote, kBodyLimit, timeout,
                                                         std::move(socket))
            ->start();
    }
    accept();
  });
}

}  // namespace facecert::refdev
