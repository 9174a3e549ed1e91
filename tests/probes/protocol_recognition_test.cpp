// Recognising SSH, RTSP, SIP, MQTT and RTP over TCP, QUIC, DTLS, SIP and RTP over UDP from their
// bytes (issue 4): each recogniser gets a positive case and a near miss that must stay unknown.
// Real bytes where this machine makes them (tests/data/protocols/README.md: OpenSSH banner and
// KEXINIT, an OpenSSL DTLS 1.2 handshake on lo); QUIC headers are RFC 9001 appendix A's packets
// with their protected payload replaced by filler; MQTT CONNECTs built with python3 from the spec.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "../../probes/src/traffic/app_classifier.h"
#include "probes/protocol_flow_support.h"

namespace facecert::probes::traffic {
namespace {

using test::ByteVec;
using test::from_hex;
using test::text_bytes;

ByteVec data_file(const std::string& name) {
  std::ifstream in(std::string(FACECERT_TEST_DATA) + "/protocols/" + name, std::ios::binary);
  return ByteVec(std::istreambuf_iterator<char>(in), {});
}

AppGuess tcp(const ByteVec& b) { return classify_direction(b); }

void expect(const AppGuess& g, const std::string& app, const std::string& encrypted) {
  EXPECT_EQ(g.app, app);
  EXPECT_EQ(g.encrypted, encrypted);
}

// --- SSH -------------------------------------------------------------------------------------

TEST(ProtocolRecognition, OpenSshClientBannerAndKexinitIsSsh) {
  const ByteVec real = data_file("ssh_client_openssh92.bin");
  ASSERT_GT(real.size(), 100u);
  expect(tcp(real), "ssh", "true");
}

TEST(ProtocolRecognition, SshNeedsBothBannersForEncrypted) {
  const AppGuess client = tcp(data_file("ssh_client_openssh92.bin"));
  const AppGuess server = tcp(text_bytes("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6\r\n"));
  expect(classify_flow(client, false, server, false), "ssh", "true");
  expect(classify_flow(client, false, AppGuess{}, true), "ssh", "unknown");
  expect(classify_flow(client, false, tcp(text_bytes("hello there\r\n")), false), "ssh", "unknown");
}

TEST(ProtocolRecognition, SshServerMayGreetWithTextLinesFirst) {
  expect(tcp(text_bytes("Welcome to cam-7\r\nSSH-2.0-dropbear_2022.83\r\n")), "ssh", "true");
}

TEST(ProtocolRecognition, SshTextInsideHttpOrProseIsNotSsh) {
  expect(tcp(text_bytes("HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\nbanner: SSH-2.0-OpenSSH\r\n")),
         "http", "false");
  expect(tcp(text_bytes("the server said SSH-2.0-OpenSSH_9.2\r\n")), "unknown", "unknown");
  expect(tcp(text_bytes("SSH-1.5-OldServer\r\n")), "unknown", "unknown");
}

// --- RTSP, SIP over TCP, MQTT ------------------------------------------------------------------

TEST(ProtocolRecognition, RtspRequestAndResponseAreClearText) {
  expect(tcp(text_bytes("OPTIONS rtsp://10.0.0.9:554/h264/ch1/main RTSP/1.0\r\nCSeq: 1\r\n\r\n")),
         "rtsp", "false");
  expect(tcp(text_bytes("RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, PLAY\r\n\r\n")),
         "rtsp", "false");
  expect(classify_flow(tcp(text_bytes("DESCRIBE rtsp://cam/stream RTSP/1.0\r\n\r\n")), false,
                       AppGuess{}, true),
         "rtsp", "false");
}

TEST(ProtocolRecognition, RtspNearMissesStayUnknown) {
  expect(tcp(text_bytes("OPTIONS http://cam/stream RTSP/1.0\r\n\r\n")), "unknown", "unknown");
  expect(tcp(text_bytes("RTSP/1.0 2OO OK\r\n\r\n")), "unknown", "unknown");
}

TEST(ProtocolRecognition, SipOverTcpIsClearText) {
  expect(tcp(text_bytes("REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/TCP "
                        "10.0.0.5:5060\r\nContent-Length: 0\r\n\r\n")),
         "sip", "false");
  expect(tcp(text_bytes("SIP/2.0 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")), "sip", "false");
  expect(tcp(text_bytes("register sip:a@b SIP/2.0\r\n\r\n")), "unknown", "unknown");
  expect(tcp(text_bytes("REGISTER sip:a@b SIP/3.0\r\n\r\n")), "unknown", "unknown");
}

TEST(ProtocolRecognition, MqttConnectVersions) {
  expect(tcp(from_hex("101400044d5154540402003c000863616d2d30303031")), "mqtt", "false");  // 3.1.1
  expect(tcp(from_hex("101500044d5154540502003c00000863616d2d30303031")), "mqtt", "false");  // 5.0
  expect(tcp(from_hex("101600064d51497364700302003c000863616d2d30303031")), "mqtt", "false");  // 3.1
  // Two-byte remaining length (client id of 200 bytes), cut after 20 bytes.
  expect(tcp(from_hex("10d40100044d5154540402003c00c87878787878")), "mqtt", "false");
}

TEST(ProtocolRecognition, MqttNearMissesStayUnknown) {
  expect(tcp(from_hex("101400044d5154580402003c000863616d2d30303031")), "unknown", "unknown");  // MQTX
  expect(tcp(from_hex("101400044d5154540302003c000863616d2d30303031")), "unknown", "unknown");  // level 3
  expect(tcp(from_hex("10ffffffff7f044d5154540402003c00")), "unknown", "unknown");  // 5-byte length
  expect(tcp(from_hex("101400044d5154540403003c000863616d2d30303031")), "unknown", "unknown");  // reserved bit
}

// --- RTP over TCP ------------------------------------------------------------------------------

ByteVec ps_pack_payload() {  // MPEG-PS pack header start, as GB/T 28181 cameras send it
  ByteVec p = from_hex("000001ba44000400040101312ffef8");
  p.resize(200, 0x5a);
  return p;
}

ByteVec framed_4571(const std::vector<ByteVec>& packets) {
  ByteVec out;
  for (const auto& p : packets) {
    out.push_back(static_cast<std::uint8_t>(p.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(p.size()));
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

TEST(ProtocolRecognition, RtpOverTcpWithPsPayloadIsClearVideo) {
  std::vector<ByteVec> packets;
  for (std::uint16_t i = 0; i < 6; ++i)
    packets.push_back(test::rtp_packet(100 + i, 0x0100000A, 96, i == 0 ? ps_pack_payload() : test::random_bytes(300, i)));
  const AppGuess g = tcp(framed_4571(packets));
  expect(g, "rtp", "false");
  EXPECT_EQ(g.payload, "ps");
}

TEST(ProtocolRecognition, RtspInterleavedRtpIsRecognised) {
  ByteVec s;
  for (std::uint16_t i = 0; i < 5; ++i) {
    const ByteVec p = test::rtp_packet(7 + i, 0xCAFE, 96, test::random_bytes(180, 10 + i));
    const ByteVec head = {'$', 0, static_cast<std::uint8_t>(p.size() >> 8), static_cast<std::uint8_t>(p.size())};
    s.insert(s.end(), head.begin(), head.end());
    s.insert(s.end(), p.begin(), p.end());
  }
  expect(tcp(s), "rtp", "unknown");  // RTP, but nothing recognisable inside: maybe SRTP
}

TEST(ProtocolRecognition, LengthFramedRandomIsNotRtp) {
  std::vector<ByteVec> packets;
  for (int i = 0; i < 6; ++i) {
    ByteVec p = test::random_bytes(200, 50 + i);
    p[0] = 0x80;  // version bits right, but SSRC and sequence change at random
    packets.push_back(p);
  }
  expect(tcp(framed_4571(packets)), "unknown", "unknown");
}

// --- QUIC --------------------------------------------------------------------------------------

ByteVec with_filler(const std::string& header_hex, std::size_t total, std::uint32_t seed) {
  ByteVec d = from_hex(header_hex);
  const ByteVec fill = test::random_bytes(total - d.size(), seed);
  d.insert(d.end(), fill.begin(), fill.end());
  return d;
}

TEST(ProtocolRecognition, QuicV1InitialsAreQuic) {
  // RFC 9001 A.2 client Initial: c0, version 1, DCID 8394c8f03e515708, no token, Length 1182.
  const ByteVec client = with_filler("c000000001088394c8f03e5157080000449e", 1200, 1);
  // RFC 9001 A.3 server Initial: SCID f067a5502a4262b5, Length 117.
  const ByteVec server = with_filler("cf000000010008f067a5502a4262b5004075", 135, 2);
  const AppGuess c = classify_datagrams({{client, 1}});
  const AppGuess s = classify_datagrams({{server, 2}});
  expect(c, "quic", "true");
  expect(s, "quic", "true");
  expect(classify_udp_flow(c, false, s, false), "quic", "true");
}

TEST(ProtocolRecognition, QuicVersionNegotiationIsQuic) {
  expect(classify_datagrams({{from_hex("80000000000408090a0b04010203040000000100000002"), 1}}), "quic", "true");
}

TEST(ProtocolRecognition, QuicNearMissesStayUnknown) {
  // Bogus version 0x12345678.
  expect(classify_datagrams({{with_filler("c012345678088394c8f03e5157080000449e", 1200, 3), 1}}),
         "unknown", "unknown");
  // DCID length 21 (> 20).
  expect(classify_datagrams({{with_filler("c00000000115", 1200, 4), 1}}), "unknown", "unknown");
  // Length field larger than the datagram.
  expect(classify_datagrams({{with_filler("c000000001088394c8f03e5157080000449e", 600, 5), 1}}),
         "unknown", "unknown");
}

// --- DTLS --------------------------------------------------------------------------------------

std::pair<std::vector<Datagram>, std::vector<Datagram>> dtls_capture() {
  std::ifstream in(std::string(FACECERT_TEST_DATA) + "/protocols/dtls12_openssl_lo.hex");
  std::vector<Datagram> c2s, s2c;
  std::string dir, hex;
  std::uint64_t frame = 0;
  while (in >> dir >> hex) (dir == "c2s" ? c2s : s2c).push_back({from_hex(hex), ++frame});
  return {c2s, s2c};
}

TEST(ProtocolRecognition, OpenSslDtls12HandshakeIsDtls) {
  const auto [c2s, s2c] = dtls_capture();
  ASSERT_GE(c2s.size(), 3u);
  ASSERT_GE(s2c.size(), 3u);
  expect(classify_datagrams(c2s), "dtls", "true");
  expect(classify_datagrams(s2c), "dtls", "true");
  expect(classify_udp_flow(classify_datagrams(c2s), false, classify_datagrams(s2c), false), "dtls", "true");
  // A lone ClientHello: named, not trusted.
  expect(classify_datagrams({c2s.front()}), "dtls", "unknown");
}

TEST(ProtocolRecognition, DtlsLikeRandomWithBadLengthsIsNotDtls) {
  std::vector<Datagram> ds;
  for (std::uint32_t i = 0; i < 4; ++i) {
    ByteVec d = test::random_bytes(150, 20 + i);
    d[0] = 0x16, d[1] = 0xFE, d[2] = 0xFD;
    d[11] = 0x01, d[12] = 0x00;  // claims 256 bytes in a 150-byte datagram
    ds.push_back({d, i + 1});
  }
  expect(classify_datagrams(ds), "unknown", "unknown");
}

// --- SIP and RTP over UDP ----------------------------------------------------------------------

TEST(ProtocolRecognition, SipOverUdpIsClearText) {
  const std::vector<Datagram> ds = {
      {text_bytes("\r\n\r\n"), 1},  // keep-alive first
      {text_bytes("MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\nContent-Length: 0\r\n\r\n"), 2}};
  expect(classify_datagrams(ds), "sip", "false");
  expect(classify_udp_flow(classify_datagrams(ds), false, AppGuess{}, true), "sip", "false");
  expect(classify_datagrams({{text_bytes("MESSAGE sip:a@b HTTP/1.1\r\n\r\n"), 1}}), "unknown", "unknown");
}

std::vector<Datagram> rtp_run(const std::vector<ByteVec>& payloads, std::uint32_t ssrc = 0x0100000A) {
  std::vector<Datagram> ds;
  std::uint16_t seq = 65533;  // wraps around
  for (const auto& p : payloads) ds.push_back({test::rtp_packet(seq++, ssrc, 96, p), ds.size() + 1});
  return ds;
}

TEST(ProtocolRecognition, RtpPayloadsAreJudged) {
  const AppGuess ps = classify_datagrams(rtp_run({ps_pack_payload(), test::random_bytes(900, 1), test::random_bytes(900, 2)}));
  expect(ps, "rtp", "false");
  EXPECT_EQ(ps.payload, "ps");
  // RFC 6184 single NAL unit: SPS (0x67), profile 100 (High).
  const AppGuess h264 = classify_datagrams(rtp_run({from_hex("6764001facd9405005bb011000000300100000030320f1831960"),
                                                    from_hex("68ebe3cb22c0"), test::random_bytes(900, 3)}));
  expect(h264, "rtp", "false");
  EXPECT_EQ(h264.payload, "h264");
  // RFC 7798: VPS 40 01.
  const AppGuess h265 = classify_datagrams(rtp_run({from_hex("40010c01ffff016000000300b0000003000003005d"),
                                                    test::random_bytes(900, 4), test::random_bytes(900, 5)}));
  expect(h265, "rtp", "false");
  EXPECT_EQ(h265.payload, "h265");
  // Nothing recognisable inside (SRTP, or a stream joined mid-frame): RTP, encryption unknown.
  expect(classify_datagrams(rtp_run({test::random_bytes(900, 6), test::random_bytes(900, 7), test::random_bytes(900, 8)})),
         "rtp", "unknown");
  expect(classify_udp_flow(AppGuess{}, true, ps, false), "rtp", "false");
}

TEST(ProtocolRecognition, RtpNearMissesStayUnknown) {
  // Version 2 first bytes, but every packet a different SSRC and sequence.
  std::vector<Datagram> ds;
  for (std::uint32_t i = 0; i < 5; ++i) ds.push_back({test::rtp_packet(static_cast<std::uint16_t>(i * 9000), 1000 + i, 96, ps_pack_payload()), i + 1});
  expect(classify_datagrams(ds), "unknown", "unknown");
  // RTCP receiver reports (PT 201 reads as marker + 73).
  std::vector<Datagram> rtcp;
  for (std::uint32_t i = 0; i < 5; ++i) rtcp.push_back({from_hex("81c90007deadbeef0100000a00000000000000000000000000000000000000000000"), i + 1});
  expect(classify_datagrams(rtcp), "unknown", "unknown");
  // Only two packets: too few to call RTP.
  expect(classify_datagrams(rtp_run({ps_pack_payload(), ps_pack_payload()})), "unknown", "unknown");
}

TEST(ProtocolRecognition, GuessFlowAppUsesTheFlowsBytes) {
  const auto [c2s, s2c] = dtls_capture();
  std::vector<ByteVec> c, s;
  for (const auto& d : c2s) c.push_back(d.bytes);
  for (const auto& d : s2c) s.push_back(d.bytes);
  expect(guess_flow_app(test::udp_flow(c, s)), "dtls", "true");
  expect(guess_flow_app(test::tcp_flow(text_bytes("GET / HTTP/1.1\r\n\r\n"), {})), "http", "false");
}

// --- TLS records carrying clear bytes ----------------------------------------------------------
// A device can fake a handshake and then send its data in the clear inside application-data
// records; ciphertext (random-looking bytes) in the same framing must stay encrypted.

ByteVec record(std::uint8_t type, const ByteVec& payload, std::uint16_t version = 0x0303) {
  ByteVec r{type, static_cast<std::uint8_t>(version >> 8), static_cast<std::uint8_t>(version & 0xFF),
            static_cast<std::uint8_t>(payload.size() >> 8), static_cast<std::uint8_t>(payload.size() & 0xFF)};
  r.insert(r.end(), payload.begin(), payload.end());
  return r;
}

ByteVec handshake_then(const ByteVec& app_payload, std::uint16_t version = 0x0303) {
  ByteVec s = record(0x16, {0x01, 0x00, 0x00, 0x02, 0x03, 0x03}, version);  // a (short) ClientHello record
  const ByteVec app = record(0x17, app_payload, version);
  s.insert(s.end(), app.begin(), app.end());
  return s;
}

TEST(ProtocolRecognition, ClearTextInTlsApplicationDataIsNotEncrypted) {
  const ByteVec http = text_bytes("POST /api/faces HTTP/1.1\r\nHost: platform\r\nContent-Type: application/json\r\n\r\n{\"name\": \"x\"}");
  expect(tcp(handshake_then(http)), "tls", "false");
  expect(tcp(handshake_then(http, 0x0101)), "tlcp", "false");
  // The other direction real-looking ciphertext: the flow is still not encrypted.
  const AppGuess server = tcp(handshake_then(test::random_bytes(300, 1)));
  expect(server, "tls", "true");
  expect(classify_flow(tcp(handshake_then(http)), false, server, false), "tls", "false");
  expect(classify_flow(server, false, tcp(handshake_then(http)), false), "tls", "false");
  expect(guess_flow_app(test::tcp_flow(handshake_then(http), handshake_then(test::random_bytes(300, 1)))), "tls", "false");
  // Behind a short ciphertext-looking record, the next one is judged too.
  ByteVec behind = handshake_then(test::random_bytes(20, 3));
  const ByteVec clear = record(0x17, http);
  behind.insert(behind.end(), clear.begin(), clear.end());
  expect(tcp(behind), "tls", "false");
  // A JFIF JPEG straight after a record header.
  ByteVec jpeg = from_hex("ffd8ffe000104a46494600010100000100010000");
  jpeg.resize(200, 0x20);
  expect(tcp(handshake_then(jpeg)), "tls", "false");
}

TEST(ProtocolRecognition, CiphertextInTlsApplicationDataStaysEncrypted) {
  // 2000 random payloads of 40..1000 bytes (what AEAD ciphertext looks like), a GCM-style
  // explicit nonce first in half of them: none reads as clear.
  for (std::uint32_t seed = 1; seed <= 2000; ++seed) {
    ByteVec payload = test::random_bytes(40 + seed % 961, seed);
    if (seed % 2) std::fill(payload.begin(), payload.begin() + 7, 0);
    expect(tcp(handshake_then(payload)), "tls", "true");
  }
  // Short records (under 32 bytes) are not judged: too little to tell.
  expect(tcp(handshake_then(text_bytes("GET / HTTP/1.1"))), "tls", "true");
}

TEST(ProtocolRecognition, HandshakeIsOverOnlyWithEnoughApplicationDataToJudge) {
  const ByteVec full = handshake_then(test::random_bytes(100, 7));
  EXPECT_TRUE(tls_handshake_over(full));
  // The application-data header and 10 of its 100 bytes: wait for more.
  EXPECT_FALSE(tls_handshake_over(std::span<const std::uint8_t>(full).first(full.size() - 90)));
  EXPECT_TRUE(tls_handshake_over(std::span<const std::uint8_t>(full).first(full.size() - 68)));
  EXPECT_FALSE(tls_handshake_over(record(0x16, {0x01, 0x00, 0x00, 0x02, 0x03, 0x03})));
  // A short application-data record is passed over: the next one with 32 bytes decides.
  ByteVec shorter = handshake_then(test::random_bytes(20, 8));
  EXPECT_FALSE(tls_handshake_over(shorter));
  const ByteVec next = record(0x17, test::random_bytes(64, 9));
  shorter.insert(shorter.end(), next.begin(), next.end());
  EXPECT_TRUE(tls_handshake_over(shorter));
}

}  // namespace
}  // namespace facecert::probes::traffic
