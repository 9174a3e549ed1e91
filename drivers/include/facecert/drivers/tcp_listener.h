// A TCP acceptor on Boost.Asio that hands each accepted connection (on its own strand) to a
// callback: the part every facecert server shares (the reference device's API, the GA/T 1400
// view-library receiver); what a connection speaks is the callback's business.
#pragma once

#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace facecert::drivers {

class TcpListener {
 public:
  // The socket and "ADDRESS:PORT" of the peer ("unknown" when the kernel cannot say).
  using OnAccept = std::function<void(boost::asio::ip::tcp::socket socket, std::string remote)>;

  // Binds and listens now (port 0: an ephemeral one). Throws std::runtime_error
  // "ADDRESS: not an IP address" or "ADDRESS:PORT: cannot listen: why".
  TcpListener(boost::asio::io_context& ioc, const std::string& address, unsigned short port, OnAccept on_accept);
  unsigned short port() const { return port_; }
  void start();  // begin accepting
  void stop();   // stop accepting (connections in flight go on); safe from any thread

 private:
  void accept();
  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  OnAccept on_accept_;
  unsigned short port_ = 0;
};

}  // namespace facecert::drivers
