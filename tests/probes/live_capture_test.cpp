// Real packets: TCP connections on 127.0.0.1 captured on lo with libpcap, then analysed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"
#include "probes/loopback_capture_support.h"
#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("listener setup failed");
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd_); }
  std::uint16_t port() const { return port_; }
  // Reads one request to EOF, answers with a TLS-looking record if it began like TLS, else HTTP.
  void serve_one() const {
    const int c = ::accept(fd_, nullptr, nullptr);
    Bytes got;
    std::uint8_t buf[65536];
    for (ssize_t n; (n = ::read(c, buf, sizeof buf)) > 0;) got.insert(got.end(), buf, buf + n);
    const Bytes reply = !got.empty() && got[0] == 0x16
                            ? test::tls_record(0x16, Bytes(64, 0x02))
                            : test::bytes_of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    [[maybe_unused]] auto w = ::write(c, reply.data(), reply.size());
    ::close(c);
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

void send_request(std::uint16_t port, const Bytes& data) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  for (std::size_t sent = 0; sent < data.size();) {
    const ssize_t n = ::write(s, data.data() + sent, data.size() - sent);
    ASSERT_GT(n, 0);
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(s, SHUT_WR);
  std::uint8_t buf[4096];
  while (::read(s, buf, sizeof buf) > 0) {
  }
  ::close(s);
}

Bytes post(const std::string& path, const Bytes& body, std::size_t& header_len) {
  Bytes out = test::bytes_of("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n");
  header_len = out.size();
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

bool contains(const Bytes& hay, const Bytes& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

Bytes payload_of(const std::vector<Bytes>& frames, const std::vector<std::uint64_t>& numbers) {
  Bytes out;
  for (auto n : numbers) {
    const Bytes p = test::tcp_payload(frames.at(n - 1));
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

TEST(LiveCapture, FaceInClearTextOnLoopbackIsFoundWithItsPackets) {
  test::TempDir dir;
  Listener listener;
  const auto capture = test::start_loopback_capture(listener.port(), dir / "live.pcapng");
  ASSERT_TRUE(capture->running());

  const Bytes face = test::read_file(test::demo_dir() / "astronaut.jpg");
  const Bytes fruits = test::read_file(test::demo_dir() / "fruits.jpg");
  Bytes tls = test::tls_record(0x16, Bytes(200, 0x01));  // an encrypted face JPEG inside TLS records: near miss
  const Bytes inner = test::tls_record(0x17, test::aes_ctr(test::encode_demo("astronaut.jpg", ".jpg", 256)));
  tls.insert(tls.end(), inner.begin(), inner.end());

  std::size_t face_header = 0, fruits_header = 0;
  std::thread server([&] {
    for (int i = 0; i < 3; ++i) listener.serve_one();
  });
  send_request(listener.port(), post("/enroll", face, face_header));
  send_request(listener.port(), post("/upload", fruits, fruits_header));
  send_request(listener.port(), tls);
  server.join();

  capture->settle();
  const auto report = analyze_pcap(capture->file());  // readable while the capture goes on
  const CaptureStats stats = capture->stop();
  EXPECT_FALSE(capture->running());
  EXPECT_EQ(stats.packets, report.packets);
  EXPECT_GT(stats.packets, 18u);  // three handshakes, data, FINs

  ASSERT_EQ(report.flows.size(), 3u) << report.to_json().dump(1);
  EXPECT_EQ(report.flows[0].app, "http");
  EXPECT_EQ(report.flows[0].server, fmt::format("127.0.0.1:{}", listener.port()));
  EXPECT_EQ(report.flows[0].bytes_c2s, face.size() + face_header);
  EXPECT_EQ(report.flows[2].app, "tls");
  EXPECT_EQ(report.flows[2].encrypted, "true");

  ASSERT_EQ(report.findings.size(), 2u) << report.to_json().dump(1);
  const Finding& f = report.findings[0];
  EXPECT_EQ(f.kind, "plaintext-face-image");
  EXPECT_EQ(f.severity, "fail");
  EXPECT_EQ(f.flow, report.flows[0].text());
  EXPECT_EQ(f.direction, "c2s");
  EXPECT_EQ(f.stream_offset, face_header);
  EXPECT_EQ(f.length, face.size());
  EXPECT_NE(f.description.find("JPEG 512x512 with 1 face, 68,052 bytes"), std::string::npos);
  // The named frames hold the image, and none of them is superfluous.
  const auto frames = test::read_frames(capture->file());
  ASSERT_FALSE(f.packets.empty());
  EXPECT_TRUE(contains(payload_of(frames, f.packets), face));
  if (f.packets.size() > 1) {
    EXPECT_FALSE(contains(payload_of(frames, {f.packets.begin() + 1, f.packets.end()}), face));
    EXPECT_FALSE(contains(payload_of(frames, {f.packets.begin(), f.packets.end() - 1}), face));
  }

  const Finding& g = report.findings[1];
  EXPECT_EQ(g.kind, "plaintext-image");
  EXPECT_EQ(g.severity, "warn");
  EXPECT_EQ(g.flow, report.flows[1].text());
  EXPECT_EQ(g.stream_offset, fruits_header);
  EXPECT_EQ(g.length, fruits.size());
  EXPECT_TRUE(contains(payload_of(frames, g.packets), fruits));
  EXPECT_TRUE(report.has_fail());
  EXPECT_EQ(capture->stop().packets, stats.packets);  // idempotent
}

TEST(LiveCapture, ErrorsNameTheInterfaceAndLibpcapsMessage) {
  test::TempDir dir;
  CaptureOptions bad_iface;
  bad_iface.iface = "nosuchif0";
  bad_iface.out = dir / "x.pcapng";
  LiveCapture a(bad_iface);
  try {
    a.start();
    FAIL() << "started on a missing interface";
  } catch (const ProbeError& e) {
    EXPECT_NE(std::string(e.what()).find("nosuchif0"), std::string::npos) << e.what();
  }
  CaptureOptions bad_filter;
  bad_filter.bpf = "tcp port banana";
  bad_filter.out = dir / "y.pcapng";
  LiveCapture b(bad_filter);
  try {
    b.start();
    FAIL() << "accepted a bad filter";
  } catch (const ProbeError& e) {
    EXPECT_NE(std::string(e.what()).find("lo"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tcp port banana"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(b.running());
}

}  // namespace
}  // namespace facecert::probes
