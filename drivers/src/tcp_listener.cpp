#include "facecert/drivers/tcp_listener.h"

#include <stdexcept>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <fmt/format.h>

namespace facecert::drivers {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

TcpListener::TcpListener(asio::io_context& ioc, const std::string& address, unsigned short port, OnAccept on_accept)
    : ioc_(ioc), acceptor_(ioc), on_accept_(std::move(on_accept)) {
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: not an IP address", address));
  const tcp::endpoint endpoint(addr, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error(fmt::format("{}:{}: cannot listen: {}", address, port, ec.message()));
  port_ = acceptor_.local_endpoint().port();
}

void TcpListener::start() { accept(); }

void TcpListener::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
}

void TcpListener::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      boost::system::error_code ep_ec;
      const auto ep = socket.remote_endpoint(ep_ec);
      on_accept_(std::move(socket), ep_ec ? "unknown" : fmt::format("{}:{}", ep.address().to_string(), ep.port()));
    }
    accept();
  });
}

}  // namespace facecert::drivers
