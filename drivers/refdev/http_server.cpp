#include "http_server.h"

#include <chrono>
#include <memory>

#include "http_session.h"

namespace facecert::refdev {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpServer::HttpServer(asio::io_context& ioc, const std::string& address, unsigned short port,
                       Router& router, asio::ssl::context* tls)
    : router_(router),
      tls_(tls),
      listener_(ioc, address, port,
                [this](tcp::socket socket, std::string remote) { serve(std::move(socket), std::move(remote)); }) {}

void HttpServer::serve(tcp::socket socket, std::string remote) {
  const auto timeout = std::chrono::seconds(kReadTimeoutSeconds);
  if (tls_)
    std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(router_, remote, kBodyLimit, timeout,
                                                                        std::move(socket), *tls_)
        ->start();
  else
    std::make_shared<HttpSession<beast::tcp_stream>>(router_, remote, kBodyLimit, timeout, std::move(socket))
        ->start();
}

}  // namespace facecert::refdev
