// Real packets: a tiny HTTP server on 127.0.0.1 answers with gzip JSON holding a base64 face; the
// exchange is captured on lo with libpcap and the analyser sees through the gzip and the base64.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"
#include "probes/loopback_capture_support.h"
#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

struct Socket {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ~Socket() { ::close(fd); }
};

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

void write_all(int fd, const Bytes& data) {
  for (std::size_t sent = 0; sent < data.size();) {
    const ssize_t n = ::write(fd, data.data() + sent, data.size() - sent);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

TEST(HttpLive, GzipJsonWithBase64FaceFromALoopbackServerIsAFail) {
  Socket listener;
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(listener.fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(listener.fd, 4), 0);
  ASSERT_EQ(::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::uint16_t port = ntohs(a.sin_port);

  test::TempDir dir;
  const auto capture = test::start_loopback_capture(port, dir / "http.pcapng");

  const Bytes face = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const std::string json = R"({"code":0,"data":{"faceImage":"data:image/jpeg;base64,)" + test::base64(face) + R"("}})";
  const Bytes body = test::gzip(test::bytes_of(json));
  const Bytes reply = test::http_message("HTTP/1.1 200 OK",
                                         {"Content-Type: application/json", "Content-Encoding: gzip", "Connection: close"}, body);
  std::thread server([&] {
    const int c = ::accept(listener.fd, nullptr, nullptr);
    std::string got;
    char buf[4096];
    for (ssize_t n; got.find("\r\n\r\n") == std::string::npos && (n = ::read(c, buf, sizeof buf)) > 0;)
      got.append(buf, static_cast<std::size_t>(n));
    write_all(c, reply);
    ::close(c);
  });
  {
    Socket client;
    const sockaddr_in to = loopback(port);
    ASSERT_EQ(::connect(client.fd, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
    write_all(client.fd, test::bytes_of("GET /api/face/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    char buf[65536];
    while (::read(client.fd, buf, sizeof buf) > 0) {
    }
  }
  server.join();
  capture->settle();
  capture->stop();

  const auto report = analyze_pcap(capture->file());
  ASSERT_EQ(report.flows.size(), 1u) << report.to_json().dump(1);
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  const Finding& f = report.findings[0];
  EXPECT_EQ(f.kind, "plaintext-face-image");
  EXPECT_EQ(f.direction, "s2c");
  EXPECT_EQ(f.details["path"], "json:$.data.faceImage");
  EXPECT_EQ(f.details["content_encoding"], "gzip");
  EXPECT_EQ(f.length, body.size());
  EXPECT_FALSE(f.packets.empty());
}

}  // namespace
}  // namespace facecert::probes
