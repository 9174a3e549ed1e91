// Real TLS on 127.0.0.1: `openssl s_server` and `openssl s_client` with certificates made here,
// captured on lo with LiveCapture and analysed. What OpenSSL negotiated is read from s_client's own
// output and compared with what the analyser read off the wire. The server runs with -www: without
// it, s_server stops at EOF on its stdin before the handshake.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/live_capture.h"
#include "probes/loopback_capture_support.h"
#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(a.sin_port);
}

// Listening on 127.0.0.1:port per /proc/net/tcp (a probing connect would use up -naccept 1).
bool listening(std::uint16_t port) {
  std::ifstream in("/proc/net/tcp");
  const std::string local = fmt::format("0100007F:{:04X}", port);
  for (std::string line; std::getline(in, line);)
    if (line.find(local) != std::string::npos && line.find(" 0A ") != std::string::npos) return true;
  return false;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct OpensslRun {
  TrafficReport report;
  std::string client_log;  // s_client's output: "Protocol  : TLSv1.3" ...
  std::string parse_problems;  // what the handshake parser could not read, for failure messages
};

// `key_args`: openssl req -newkey argument; `tls_args` go to both ends.
OpensslRun handshake(const std::string& key_args, const std::string& tls_args) {
  test::TempDir dir;
  const auto cert = dir / "cert.pem", key = dir / "key.pem", slog = dir / "server.log",
             clog = dir / "client.log";
  const std::string req = fmt::format(
      "openssl req -x509 -newkey {} -nodes -keyout {} -out {} -days 30 -subj /CN=facecert-test "
      ">/dev/null 2>&1",
      key_args, key.string(), cert.string());
  if (std::system(req.c_str()) != 0) throw std::runtime_error("openssl req failed: " + req);

  const std::uint16_t port = free_port();
  const auto capture = test::start_loopback_capture(port, dir / "tls.pcapng");

  const std::string server = fmt::format(
      "timeout 20 openssl s_server -www -accept 127.0.0.1:{} -cert {} -key {} -naccept 1 {} "
      "</dev/null >{} 2>&1 &",
      port, cert.string(), key.string(), tls_args, slog.string());
  if (std::system(server.c_str()) != 0) throw std::runtime_error("cannot start s_server");
  for (int i = 0; i < 200 && !listening(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!listening(port)) throw std::runtime_error("s_server did not listen: " + slurp(slog));
  const std::string client = fmt::format(
      "timeout 10 openssl s_client -connect 127.0.0.1:{} {} </dev/null >{} 2>&1", port, tls_args,
      clog.string());
  [[maybe_unused]] const int rc = std::system(client.c_str());
  for (int i = 0; i < 200 && listening(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  capture->settle();
  capture->stop();
  OpensslRun run{analyze_pcap(capture->file()), slurp(clog), {}};
  for (const auto& flow : read_capture(capture->file()).flows)
    for (const auto* h : {&flow->tls_client, &flow->tls_server})
      if (h->has_value())
        for (const auto& p : (*h)->problems) run.parse_problems += p + "\n";
  // What was measured, for --gtest_output=xml.
  ::testing::Test::RecordProperty("flows", run.report.to_json()["flows"].dump());
  ::testing::Test::RecordProperty("findings", run.report.to_json()["findings"].dump());
  return run;
}

std::vector<std::string> kinds(const TrafficReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.kind + "/" + f.severity);
  return out;
}

TEST(TlsLive, Tls13SelfSignedIsTls13WithoutFail) {
  const OpensslRun run = handshake("rsa:2048", "-tls1_3");
  ASSERT_NE(run.client_log.find("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"), std::string::npos) << run.client_log;
  ASSERT_EQ(run.report.flows.size(), 1u) << run.report.to_json().dump(1);
  const FlowSummary& f = run.report.flows[0];
  EXPECT_EQ(f.app, "tls");
  EXPECT_EQ(f.encrypted, "true");
  ASSERT_TRUE(f.tls) << run.parse_problems;
  EXPECT_EQ(f.tls->version, "TLS 1.3") << run.parse_problems;
  EXPECT_EQ(f.tls->cipher_suite, "TLS_AES_256_GCM_SHA384");  // OpenSSL's first TLS 1.3 choice
  // TLS 1.3 encrypts the Certificate message: a passive capture cannot judge the certificate.
  EXPECT_FALSE(f.tls->certificate);
  EXPECT_FALSE(run.report.has_fail()) << run.report.to_json()["findings"].dump(1);
  EXPECT_TRUE(run.report.findings.empty()) << run.report.to_json()["findings"].dump(1);
}

TEST(TlsLive, Tls10AesCbcShaIsAWeakVersionWithoutForwardSecrecy) {
  const OpensslRun run = handshake("rsa:2048", "-tls1 -cipher 'AES128-SHA:@SECLEVEL=0'");
  if (run.client_log.find("Protocol  : TLSv1\n") == std::string::npos)
    GTEST_SKIP() << "OpenSSL here refuses TLS 1.0 even at SECLEVEL=0: " << run.client_log;
  ASSERT_EQ(run.report.flows.size(), 1u) << run.report.to_json().dump(1);
  const FlowSummary& f = run.report.flows[0];
  ASSERT_TRUE(f.tls) << run.parse_problems;
  EXPECT_EQ(f.tls->version, "TLS 1.0") << run.parse_problems;
  EXPECT_EQ(f.tls->cipher_suite, "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(f.tls->cipher_suite_code, "0x002F");
  ASSERT_TRUE(f.tls->certificate);
  EXPECT_EQ(f.tls->certificate->subject, "CN=facecert-test");
  EXPECT_TRUE(f.tls->certificate->self_signed);
  EXPECT_EQ(kinds(run.report),
            (std::vector<std::string>{"weak-tls-version/fail", "weak-cipher/warn",
                                      "tls-no-forward-secrecy/warn", "unverifiable-certificate/warn"}))
      << run.report.to_json()["findings"].dump(1);
  EXPECT_TRUE(run.report.has_fail());
}

TEST(TlsLive, Tls12EcdheEcdsaGcmHasNoWeakFinding) {
  const OpensslRun run = handshake("ec -pkeyopt ec_paramgen_curve:P-256",
                            "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256");
  ASSERT_NE(run.client_log.find("Protocol  : TLSv1.2"), std::string::npos) << run.client_log;
  ASSERT_EQ(run.report.flows.size(), 1u) << run.report.to_json().dump(1);
  const FlowSummary& f = run.report.flows[0];
  ASSERT_TRUE(f.tls) << run.parse_problems;
  EXPECT_EQ(f.tls->version, "TLS 1.2") << run.parse_problems;
  EXPECT_EQ(f.tls->cipher_suite, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(f.tls->sni, "");  // s_client sends no SNI for an IP address
  // Only the self-signed test certificate is worth a word.
  EXPECT_EQ(kinds(run.report), (std::vector<std::string>{"unverifiable-certificate/warn"}))
      << run.report.to_json()["findings"].dump(1);
}

}  // namespace
}  // namespace facecert::probes
