// HttpClient and the refdev driver against hostile servers (a raw TCP server answering garbage)
// and against the real device (keep-alive, certificate fingerprint, CA pinning).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "facecert/drivers/http_client.h"
#include "facecert/drivers/registry.h"
#include "refdev_process_support.h"
#include "tls_certificate.h"

namespace facecert::drivers {
namespace {

// Accepts connections on 127.0.0.1 and answers each request with `reply` (then closes).
class RawServer {
 public:
  explicit RawServer(std::string reply, bool silent = false) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, silent] {
      while (true) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0 || stop_) {
          if (c >= 0) ::close(c);
          return;
        }
        char buf[65536];
        (void)::recv(c, buf, sizeof buf, 0);
        if (silent) {
          (void)::recv(c, buf, sizeof buf, 0);  // wait until the client gives up
        } else {
          (void)::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
        }
        ::close(c);
      }
    });
  }
  ~RawServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::unique_ptr<Driver> driver_for(const std::string& url, int timeout_ms = 2000) {
  DriverConfig c;
  c.driver = "refdev";
  c.base_url = url;
  c.user = "admin";
  c.password = "pw";
  c.timeout = std::chrono::milliseconds(timeout_ms);
  return DriverRegistry::instance().make(c);
}

void expect_driver_error(const std::string& reply, const std::string& needle, bool silent = false) {
  RawServer server(reply, silent);
  try {
    driver_for(server.url(), 500)->list_media();
    FAIL() << "no DriverError for: " << reply.substr(0, 60);
  } catch (const DriverError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("GET " + server.url() + "/ISAPI/Refdev/storage/media"), std::string::npos)
        << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

TEST(HostileServer, GarbageInsteadOfHttp) {
  expect_driver_error("\x16\x03\x01 this is not HTTP at all\r\n\r\n", "read");
}

TEST(HostileServer, HugeBodyIsRefused) {
  expect_driver_error(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{",
      "exceeds");
}

TEST(HostileServer, WrongContentType) {
  expect_driver_error(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>",
      "expected application/json");
}

TEST(HostileServer, GarbageJson) {
  expect_driver_error(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"Media\":",
      "not a JSON object");
  expect_driver_error(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"MediaList\":42}",
      "MediaList");
}

TEST(HostileServer, SilentServerTimesOut) { expect_driver_error("", "timed out", true); }

std::string cert_fingerprint(const std::filesystem::path& pem) {
  FILE* f = std::fopen(pem.c_str(), "r");
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  X509_free(cert);
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

TEST(HttpClient, KeepAliveFingerprintAndCaPinning) {
  facecert::testing::RefdevProcess device;
  HttpClient::Options o;
  o.user = "admin";
  o.password = facecert::testing::RefdevProcess::kPassword;
  HttpClient client(o);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(client.request("GET", device.url() + "/ISAPI/Security/userCheck").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(client.peer_fingerprint(), cert_fingerprint(device.data_dir() / "tls/cert.pem"));

  o.ca_file = (device.data_dir() / "tls/cert.pem").string();
  HttpClient pinned(o);
  EXPECT_EQ(pinned.request("GET", device.url() + "/ISAPI/System/deviceInfo").status, 200);

  const auto other_dir = device.data_dir() / "other-ca";
  o.ca_file = facecert::refdev::ensure_self_signed(other_dir).cert.string();
  HttpClient wrong_pin(o);
  try {
    wrong_pin.request("GET", device.url() + "/ISAPI/System/deviceInfo");
    FAIL() << "a certificate not issued by the pinned CA was accepted";
  } catch (const DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("TLS handshake"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace facecert::drivers
