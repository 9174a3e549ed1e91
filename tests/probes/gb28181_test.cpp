// GB/T 28181 SIP signalling and its GB 35114 security: the SIP parser (TCP stream and UDP
// datagrams, compact headers, folding, Content-Length bodies), the facts audit_gb28181 reads, and
// the gb35114-absent and plaintext-video auditors. Messages hand-written after GB/T 28181-2016
// examples and the GB 35114 signs in the field notes; device codes are made up.
#include <gtest/gtest.h>

#include "../../probes/src/detectors/gb28181_audit.h"
#include "../../probes/src/sip/sip_message.h"
#include "probes/protocol_flow_support.h"

namespace facecert::probes {
namespace {

using test::ByteVec;
using test::text_bytes;

std::string with_body(std::string head, const std::string& body) {
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kRegister =
    "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
    "v: SIP/2.0/TCP 10.0.0.5:5060;rport;branch=z9hG4bK1\r\n"
    "f: <sip:34020000001320000001@3402000000>;tag=1\r\n"
    "t: <sip:34020000001320000001@3402000000>\r\n"
    "i: 1@10.0.0.5\r\nCSeq: 1 REGISTER\r\n"
    "Authorization: Digest username=\"34020000001320000001\", realm=\"3402000000\",\r\n"
    " nonce=\"abc\", uri=\"sip:34020000002000000001@3402000000\", response=\"00\", algorithm=MD5\r\n"
    "Expires: 3600\r\nl: 0\r\n\r\n";

std::string catalog_response(const std::string& safety_way) {
  return with_body(
      "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK2\r\n"
      "From: <sip:34020000001320000001@3402000000>;tag=2\r\nTo: <sip:34020000002000000001@3402000000>\r\n"
      "Call-ID: 2@10.0.0.5\r\nCSeq: 20 MESSAGE\r\nContent-Type: Application/MANSCDP+xml\r\n",
      "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n"
      "<SN>17</SN>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n<SumNum>1</SumNum>\r\n"
      "<DeviceList Num=\"1\">\r\n<Item>\r\n<DeviceID>34020000001310000001</DeviceID>\r\n"
      "<Name>Gate 1</Name>\r\n<SafetyWay>" + safety_way + "</SafetyWay>\r\n"
      "<RegisterWay>1</RegisterWay>\r\n</Item>\r\n</DeviceList>\r\n</Response>\r\n");
}

std::string invite_ok(bool vkek) {
  std::string sdp =
      "v=0\r\no=34020000001320000001 0 0 IN IP4 10.0.0.5\r\ns=Play\r\nc=IN IP4 10.0.0.5\r\n"
      "t=0 0\r\nm=video 15060 RTP/AVP 96\r\na=rtpmap:96 PS/90000\r\na=sendonly\r\n";
  if (vkek) sdp += "a=vkek:AAECAwQFBgcICQoLDA0ODw==\r\na=vkekversion:20260101\r\n";
  sdp += "y=0100000001\r\n";
  return with_body(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK3\r\n"
      "From: <sip:34020000002000000001@3402000000>;tag=3\r\nTo: <sip:34020000001320000001@3402000000>;tag=4\r\n"
      "Call-ID: 3@10.0.0.9\r\nCSeq: 1 INVITE\r\nc: application/sdp\r\n", sdp);
}

TEST(SipMessage, ParsesBackToBackMessagesOnTcp) {
  const std::string stream = kRegister + "\r\n" + catalog_response("0") + invite_ok(false);
  const auto parsed = sip::parse_sip_stream(text_bytes(stream));
  EXPECT_EQ(parsed.stopped, "");
  ASSERT_EQ(parsed.messages.size(), 3u);
  const auto& reg = parsed.messages[0];
  EXPECT_TRUE(reg.request);
  EXPECT_EQ(reg.method, "REGISTER");
  EXPECT_EQ(reg.uri, "sip:34020000002000000001@3402000000");
  EXPECT_EQ(reg.header("via").value(), "SIP/2.0/TCP 10.0.0.5:5060;rport;branch=z9hG4bK1");  // from "v"
  EXPECT_EQ(reg.header("Call-ID").value(), "1@10.0.0.5");
  EXPECT_NE(reg.header("Authorization")->find("nonce=\"abc\""), std::string::npos);  // folded line
  EXPECT_EQ(parsed.messages[1].body.substr(0, 5), "<?xml");
  EXPECT_EQ(parsed.messages[1].offset, kRegister.size() + 2);
  EXPECT_FALSE(parsed.messages[2].request);
  EXPECT_EQ(parsed.messages[2].status, 200);
  EXPECT_EQ(parsed.messages[2].cseq_method(), "INVITE");
  EXPECT_EQ(parsed.messages[2].header("Content-Type").value(), "application/sdp");
  EXPECT_EQ(parsed.consumed, stream.size());
}

TEST(SipMessage, StopsAtCutOffBodyAndAtNonSip) {
  const std::string msg = catalog_response("0");
  const auto cut = sip::parse_sip_stream(text_bytes(kRegister + msg.substr(0, msg.size() - 10)));
  EXPECT_EQ(cut.messages.size(), 1u);
  EXPECT_EQ(cut.stopped, "message body cut off by the end of the bytes");
  EXPECT_EQ(cut.consumed, kRegister.size());
  const auto http = sip::parse_sip_stream(text_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(http.messages.empty());
  EXPECT_EQ(http.stopped, "not a SIP message");
}

TEST(SipMessage, DatagramBodyWithoutContentLength) {
  const auto m = sip::parse_sip_datagram(text_bytes(
      "MESSAGE sip:a@b SIP/2.0\r\nc: Application/MANSCDP+xml\r\n\r\n<Notify><CmdType>Keepalive</CmdType></Notify>"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "<Notify><CmdType>Keepalive</CmdType></Notify>");
  EXPECT_FALSE(sip::parse_sip_datagram(text_bytes("HTTP/1.1 200 OK\r\n\r\n")));
  EXPECT_FALSE(sip::parse_sip_datagram(text_bytes("SIP/2.0 99 Too Low\r\n\r\n")));
}

Flow plain_gb28181_udp() {
  return test::udp_flow({text_bytes(kRegister), text_bytes(catalog_response("0"))},
                        {text_bytes(invite_ok(false))}, "sip", "false");
}

TEST(Gb28181Audit, PlainGb28181HasNoGb35114) {
  const auto facts = audit_gb28181(plain_gb28181_udp());
  EXPECT_TRUE(facts["gb28181"].get<bool>());
  EXPECT_EQ(facts["messages"], 3);
  EXPECT_EQ(facts["methods"]["REGISTER"], 1);
  EXPECT_EQ(facts["responses"]["200"], 1);
  const auto ids = facts["device_ids"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(ids.begin(), ids.end(), "34020000001320000001"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "34020000001310000001"), ids.end());
  EXPECT_EQ(facts["cmd_types"], nlohmann::json::array({"Catalog"}));
  EXPECT_EQ(facts["register"]["auth_schemes"], nlohmann::json::array({"Digest"}));
  EXPECT_EQ(facts["register"]["algorithms"], nlohmann::json::array({"MD5"}));
  EXPECT_FALSE(facts["register"]["with_certificate"].get<bool>());
  EXPECT_EQ(facts["catalog"]["items"], 1);
  EXPECT_EQ(facts["catalog"]["safety_way"]["0"], 1);
  EXPECT_EQ(facts["sdp"]["media"][0]["port"], "15060");
  EXPECT_EQ(facts["sdp"]["media"][0]["proto"], "RTP/AVP");
  EXPECT_EQ(facts["sdp"]["connections"][0], "IN IP4 10.0.0.5");
  EXPECT_EQ(facts["sdp"]["ssrc"][0], "0100000001");
  EXPECT_FALSE(facts["sdp"]["vkek"]["present"].get<bool>());
  EXPECT_FALSE(facts["gb35114"]["present"].get<bool>());
  EXPECT_EQ(facts["gb35114"]["level"], "none");

  const auto found = test::run_flow_auditor("gb28181", plain_gb28181_udp());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "gb35114-absent");
  EXPECT_EQ(found[0].severity, "warn");
  EXPECT_EQ(found[0].flow, "10.0.0.5:40000 -> 10.0.0.9:5060 udp");
  EXPECT_EQ(found[0].description.find('\n'), std::string::npos);
}

TEST(Gb28181Audit, Gb35114SignsAreSeenOverTcp) {
  const std::string signed_msg = with_body(
      "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
      "From: <sip:34020000001320000001@3402000000>;tag=9\r\nTo: <sip:34020000002000000001@3402000000>\r\n"
      "Call-ID: 9@10.0.0.5\r\nCSeq: 21 MESSAGE\r\nDate: 2026-11-27T09:30:00\r\n"
      "Note: Digest nonce=\"c2lnbmF0dXJl\", algorithm=SM3\r\nContent-Type: Application/MANSCDP+xml\r\n",
      "<Notify><CmdType>Keepalive</CmdType><DeviceID>34020000001320000001</DeviceID></Notify>");
  const Flow flow = test::tcp_flow(text_bytes(kRegister + catalog_response("2") + signed_msg),
                                   text_bytes(invite_ok(true)), "sip", "false", 5060);
  const auto facts = audit_gb28181(flow);
  EXPECT_EQ(facts["messages"], 4);
  EXPECT_EQ(facts["note_digest"]["messages"], 1);
  EXPECT_EQ(facts["note_digest"]["with_date"], 1);
  EXPECT_EQ(facts["note_digest"]["algorithms"], nlohmann::json::array({"SM3"}));
  EXPECT_EQ(facts["catalog"]["safety_way"]["2"], 1);
  EXPECT_TRUE(facts["sdp"]["vkek"]["present"].get<bool>());
  EXPECT_EQ(facts["sdp"]["vkek"]["attributes"], nlohmann::json::array({"vkek", "vkekversion"}));
  EXPECT_EQ(facts.dump().find("AAECAwQF"), std::string::npos);  // key material is never copied
  EXPECT_TRUE(facts["gb35114"]["present"].get<bool>());
  EXPECT_EQ(facts["gb35114"]["level"], "C");
  EXPECT_TRUE(test::run_flow_auditor("gb28181", flow).empty());
}

TEST(Gb28181Audit, CertificateRegistrationIsClassA) {
  const std::string reg =
      "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
      "From: <sip:34020000001320000001@3402000000>;tag=1\r\nTo: <sip:34020000001320000001@3402000000>\r\n"
      "Call-ID: 5@10.0.0.5\r\nCSeq: 1 REGISTER\r\n"
      "Authorization: Capability algorithm=\"A:SM2;H:SM3;S:SM4\"\r\nContent-Length: 0\r\n\r\n";
  const auto facts = audit_gb28181(test::udp_flow({text_bytes(reg)}, {}, "sip", "false"));
  EXPECT_TRUE(facts["register"]["with_certificate"].get<bool>());
  EXPECT_EQ(facts["gb35114"]["level"], "A");
}

TEST(Gb28181Audit, OrdinarySipPhoneIsNotGb28181) {
  const std::string invite = with_body(
      "INVITE sip:bob@example.org SIP/2.0\r\nFrom: <sip:alice@example.org>;tag=1\r\n"
      "To: <sip:bob@example.org>\r\nCall-ID: a@b\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n",
      "v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio 4000 RTP/AVP 0\r\n");
  const Flow flow = test::udp_flow({text_bytes(invite)}, {}, "sip", "false");
  EXPECT_FALSE(audit_gb28181(flow)["gb28181"].get<bool>());
  EXPECT_TRUE(test::run_flow_auditor("gb28181", flow).empty());
  // Not a sip flow: the auditor does not look.
  EXPECT_TRUE(test::run_flow_auditor("gb28181", test::udp_flow({text_bytes(kRegister)}, {}, "unknown")).empty());
}

// --- plaintext-video ---------------------------------------------------------------------------

std::vector<ByteVec> ps_rtp(std::uint32_t seed) {
  ByteVec ps = test::from_hex("000001ba44000400040101312ffef8");
  ps.resize(400, 0x11);
  std::vector<ByteVec> out = {test::rtp_packet(1, 0x0100000A, 96, ps)};
  for (std::uint16_t i = 2; i < 6; ++i) out.push_back(test::rtp_packet(i, 0x0100000A, 96, test::random_bytes(900, seed + i)));
  return out;
}

TEST(PlaintextVideo, ClearPsOverRtpIsWarned) {
  const auto found = test::run_flow_auditor("plaintext-video", test::udp_flow(ps_rtp(1), {}, "rtp", "false"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "plaintext-video");
  EXPECT_EQ(found[0].severity, "warn");
  EXPECT_EQ(found[0].direction, "c2s");
  EXPECT_EQ(found[0].details["payload"], "ps");
}

TEST(PlaintextVideo, OpaqueRtpOrOtherAppsAreNot) {
  std::vector<ByteVec> srtp;
  for (std::uint16_t i = 0; i < 5; ++i) srtp.push_back(test::rtp_packet(i, 7, 96, test::random_bytes(900, 40 + i)));
  EXPECT_TRUE(test::run_flow_auditor("plaintext-video", test::udp_flow(srtp, {}, "rtp", "unknown")).empty());
  EXPECT_TRUE(test::run_flow_auditor("plaintext-video", test::udp_flow(ps_rtp(2), {}, "unknown", "unknown")).empty());
}

}  // namespace
}  // namespace facecert::probes
