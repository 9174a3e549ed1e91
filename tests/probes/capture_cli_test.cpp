// `facecert capture`: live capture on lo with the analysis done as packets arrive. Real packets: a
// face JPEG posted in clear to a listener on 127.0.0.1 while the command captures that port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "probes/cli_run_support.h"
#include "probes/frame_builder_support.h"
#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

using test::CliRun;

CliRun facecert(const std::string& args) { return test::run_facecert(args); }

TEST(CaptureCli, FacePostedInClearOnLoopbackFailsWhileCapturing) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::uint16_t port = ntohs(a.sin_port);

  test::TempDir dir;
  auto run = std::async(std::launch::async, [&] {
    return facecert(fmt::format("capture --iface lo --duration 4s --bpf 'tcp port {}' --quiet --json {} --write {}",
                                port, (dir / "out.json").string(), (dir / "evidence.pcapng").string()));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the capture is open by then

  const Bytes face = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const Bytes post = test::http_message("POST /api/face HTTP/1.1", {"Content-Type: image/jpeg"}, face);
  std::thread server([&] {
    const int c = ::accept(listener, nullptr, nullptr);
    char buf[65536];
    std::size_t got = 0;
    for (ssize_t n; got < post.size() && (n = ::read(c, buf, sizeof buf)) > 0;) got += static_cast<std::size_t>(n);
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    [[maybe_unused]] auto w = ::write(c, ok.data(), ok.size());
    ::close(c);
  });
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(::connect(client, reinterpret_cast<const sockaddr*>(&a), sizeof a), 0);
  for (std::size_t sent = 0; sent < post.size();) {
    const ssize_t n = ::write(client, post.data() + sent, post.size() - sent);
    ASSERT_GT(n, 0);
    sent += static_cast<std::size_t>(n);
  }
  char buf[1024];
  while (::read(client, buf, sizeof buf) > 0) {
  }
  ::close(client);
  server.join();
  ::close(listener);

  const CliRun r = run.get();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("FAIL plaintext-face-image"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("clause 7.0: FAIL"), std::string::npos) << r.output;
  std::ifstream in(dir / "out.json");
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["captures"].size(), 1u);
  const auto& c = j["captures"][0];
  EXPECT_EQ(c["interface"], "lo");
  EXPECT_EQ(c["kernel_drops"], 0);
  EXPECT_TRUE(j["has_fail"].get<bool>());
  bool face_found = false;
  for (const auto& f : c["findings"]) face_found = face_found || f["kind"] == "plaintext-face-image";
  EXPECT_TRUE(face_found);
  // The evidence file holds the same packets: analysing it offline agrees.
  const CliRun offline = facecert("pcap analyze " + (dir / "evidence.pcapng").string());
  EXPECT_EQ(offline.exit_code, 1) << offline.output;
  EXPECT_NE(offline.output.find("FAIL plaintext-face-image"), std::string::npos) << offline.output;
}

TEST(CaptureCli, BadInterfaceOrDurationIsExit2WithOneLine) {
  const CliRun iface = facecert("capture --iface no-such-if0 --duration 1s");
  EXPECT_EQ(iface.exit_code, 2) << iface.output;
  EXPECT_NE(iface.output.find("facecert capture: capture on no-such-if0:"), std::string::npos) << iface.output;
  const CliRun duration = facecert("capture --iface lo --duration soon");
  EXPECT_EQ(duration.exit_code, 2) << duration.output;
  EXPECT_NE(duration.output.find("--duration `soon` is not a duration"), std::string::npos) << duration.output;
  const CliRun filter = facecert("capture --iface lo --duration 1s --bpf 'tcp port banana'");
  EXPECT_EQ(filter.exit_code, 2) << filter.output;
  EXPECT_NE(filter.output.find("filter \"tcp port banana\""), std::string::npos) << filter.output;
}

}  // namespace
}  // namespace facecert::probes
