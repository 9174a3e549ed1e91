// UDP flows through analyze_pcap: a real DTLS 1.2 handshake (captured with openssl on lo, see
// tests/data/protocols/README.md) is an encrypted dtls flow; GB/T 28181 signalling over UDP is a
// sip flow whose summary carries what the signalling showed, with gb35114-absent when it has no
// GB 35114 security.
#include <gtest/gtest.h>

#include <fstream>

#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

TrafficReport analyse(const std::vector<Bytes>& ip_packets) {
  test::TempDir dir;
  std::vector<Bytes> frames;
  for (const auto& p : ip_packets) frames.push_back(test::ethernet(p));
  test::write_capture(dir / "u.pcapng", 1, frames);
  return analyze_pcap(dir / "u.pcapng");
}

TEST(UdpFlows, OpensslDtlsHandshakeIsAnEncryptedDtlsFlow) {
  std::ifstream in(std::string(FACECERT_TEST_DATA) + "/protocols/dtls12_openssl_lo.hex");
  std::vector<Bytes> packets;
  for (std::string dir, hex; in >> dir >> hex;)
    packets.push_back(dir == "c2s" ? test::udp_packet("10.5.0.1", "10.5.0.2", 50555, 4433, from_hex(hex))
                                   : test::udp_packet("10.5.0.2", "10.5.0.1", 4433, 50555, from_hex(hex)));
  ASSERT_GE(packets.size(), 6u);
  const auto report = analyse(packets);
  ASSERT_EQ(report.flows.size(), 1u);
  EXPECT_EQ(report.flows[0].transport, "udp");
  EXPECT_EQ(report.flows[0].app, "dtls");
  EXPECT_EQ(report.flows[0].encrypted, "true");
  EXPECT_FALSE(report.has_fail());
}

TEST(UdpFlows, Gb28181RegisterWithoutGb35114IsASipFlowWithAWarning) {
  const std::string reg =
      "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.6.0.5:5060;rport;branch=z9hG4bK1\r\n"
      "From: <sip:34020000001320000001@3402000000>;tag=1\r\n"
      "To: <sip:34020000001320000001@3402000000>\r\n"
      "Call-ID: 1@10.6.0.5\r\nCSeq: 1 REGISTER\r\n"
      "Authorization: Digest username=\"34020000001320000001\", realm=\"3402000000\", nonce=\"abc\", "
      "uri=\"sip:34020000002000000001@3402000000\", response=\"00\", algorithm=MD5\r\n"
      "Expires: 3600\r\nContent-Length: 0\r\n\r\n";
  const std::string ok =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.6.0.5:5060;rport;branch=z9hG4bK1\r\n"
      "From: <sip:34020000001320000001@3402000000>;tag=1\r\n"
      "To: <sip:34020000001320000001@3402000000>;tag=2\r\n"
      "Call-ID: 1@10.6.0.5\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
  const auto report = analyse({test::udp_packet("10.6.0.5", "10.6.0.1", 5060, 5060, test::bytes_of(reg)),
                               test::udp_packet("10.6.0.1", "10.6.0.5", 5060, 5060, test::bytes_of(ok))});
  ASSERT_EQ(report.flows.size(), 1u);
  const auto& flow = report.flows[0];
  EXPECT_EQ(flow.app, "sip");
  EXPECT_EQ(flow.encrypted, "false");
  ASSERT_TRUE(flow.details.contains("gb28181")) << flow.details.dump();
  EXPECT_TRUE(flow.details["gb28181"]["gb28181"].get<bool>());
  EXPECT_FALSE(flow.details["gb28181"]["gb35114"]["present"].get<bool>());
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, "gb35114-absent");
  EXPECT_EQ(report.findings[0].severity, "warn");
  EXPECT_TRUE(report.to_json()["flows"][0].contains("details"));
}

}  // namespace
}  // namespace facecert::probes
