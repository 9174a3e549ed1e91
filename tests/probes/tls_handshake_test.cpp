// The TLS / TLCP handshake parser and the TLS audit on hand-built handshakes with real certificates.
#include <gtest/gtest.h>

#include <random>

#include "facecert/probes/tls_handshake.h"
#include "facecert/probes/traffic_analysis.h"
#include "probes/tls_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::KeyKind;

constexpr std::time_t kBefore = 1600000000, kAfter = 1900000000;  // captures are from 1700000000

TrafficReport analyze(const Bytes& c2s, const Bytes& s2c) {
  test::TempDir dir;
  test::write_capture(dir / "t.pcapng", 1, test::tcp_connection(c2s, s2c));
  return analyze_pcap(dir / "t.pcapng");
}

std::vector<std::string> kinds(const TrafficReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.kind + "/" + f.severity);
  return out;
}

struct Tls12 {  // ClientHello and server flight of a TLS 1.2 ECDHE-ECDSA handshake
  Bytes c2s, s2c, server_flight;
  test::TestCert ca, leaf;
  explicit Tls12(std::uint16_t suite = 0xC02B, std::time_t leaf_not_after = kAfter,
                 std::uint16_t version = 0x0303) {
    ca = test::make_certificate("Facecert Test CA", KeyKind::EcP256, nullptr, kBefore, kAfter);
    leaf = test::make_certificate("device.example", KeyKind::EcP256, &ca, kBefore, leaf_not_after);
    c2s = test::records(0x16, 0x0301,
                        test::client_hello({0x0303, {0xC02B, 0xC02F, 0x009C, 0x00FF}, "device.example",
                                            {}, {0x001D, 0x0017}}));
    server_flight = test::concat({test::server_hello(version, suite),
                                  test::certificate_message({leaf.der, ca.der}), test::server_hello_done()});
    // Small records so the Certificate message spans several of them.
    s2c = test::concat({test::records(0x16, version, server_flight, 300), test::records(0x14, version, {1}),
                        test::records(0x17, version, Bytes(64, 0xAB))});
  }
};

TEST(TlsHandshake, Tls12HelloAndCertificateAcrossRecords) {
  const Tls12 h;
  const TlsHandshake client = parse_tls_handshake(h.c2s);
  ASSERT_TRUE(client.client_hello) << (client.problems.empty() ? "" : client.problems[0]);
  EXPECT_EQ(client.record_version, 0x0301);
  EXPECT_EQ(client.client_hello->legacy_version, 0x0303);
  EXPECT_EQ(client.client_hello->cipher_suites, (std::vector<std::uint16_t>{0xC02B, 0xC02F, 0x009C, 0x00FF}));
  EXPECT_EQ(client.client_hello->sni, "device.example");
  EXPECT_EQ(client.client_hello->supported_groups, (std::vector<std::uint16_t>{0x001D, 0x0017}));

  const TlsHandshake server = parse_tls_handshake(h.s2c);
  EXPECT_TRUE(server.problems.empty()) << server.problems[0];
  ASSERT_TRUE(server.server_hello);
  EXPECT_EQ(server.server_hello->version, 0x0303);
  EXPECT_EQ(server.server_hello->cipher_suite, 0xC02B);
  EXPECT_EQ(server.server_hello->where.offset, 5u);
  ASSERT_TRUE(server.certificate);
  ASSERT_EQ(server.certificate->chain.size(), 2u);
  const TlsCertificate& leaf = server.certificate->chain[0];
  EXPECT_TRUE(leaf.decoded);
  EXPECT_EQ(leaf.subject, "CN=device.example");
  EXPECT_EQ(leaf.issuer, "CN=Facecert Test CA");
  EXPECT_EQ(leaf.not_before, "2020-09-13T12:26:40Z");
  EXPECT_FALSE(leaf.self_signed);
  EXPECT_TRUE(server.certificate->chain[1].self_signed);
  EXPECT_TRUE(server.reached_encrypted);
}

TEST(TlsHandshake, Tls12EcdheEcdsaGcmWithCaIssuedCertificateHasNoFinding) {
  const Tls12 h;
  const auto r = analyze(h.c2s, h.s2c);
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].app, "tls");
  EXPECT_EQ(r.flows[0].encrypted, "true");
  ASSERT_TRUE(r.flows[0].tls);
  EXPECT_EQ(r.flows[0].tls->version, "TLS 1.2");
  EXPECT_EQ(r.flows[0].tls->cipher_suite, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(r.flows[0].tls->cipher_suite_code, "0xC02B");
  EXPECT_EQ(r.flows[0].tls->sni, "device.example");
  ASSERT_TRUE(r.flows[0].tls->certificate);
  EXPECT_EQ(r.flows[0].tls->certificate->issuer, "CN=Facecert Test CA");
  EXPECT_TRUE(r.findings.empty()) << r.to_json()["findings"].dump(1);
  const auto j = r.to_json()["flows"][0]["tls"];
  EXPECT_EQ(j["cipher_suite"]["code"], "0xC02B");
  EXPECT_EQ(j["certificate"]["self_signed"], false);
}

TEST(TlsHandshake, OldVersionWeakSuiteAndExpiredCertificateAreFound) {
  const Tls12 h(0x0005, 1650000000, 0x0301);  // TLS 1.0, RSA_WITH_RC4_128_SHA, expired in 2022
  const auto r = analyze(h.c2s, h.s2c);
  EXPECT_EQ(kinds(r), (std::vector<std::string>{"weak-tls-version/fail", "weak-cipher/fail",
                                                "tls-no-forward-secrecy/warn",
                                                "unverifiable-certificate/warn"}));
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].direction, "s2c");
  EXPECT_EQ(r.findings[0].stream_offset, 5u);
  EXPECT_EQ(r.findings[0].packets, (std::vector<std::uint64_t>{5}));  // the server's first segment
  EXPECT_NE(r.findings[1].description.find("RC4"), std::string::npos);
  EXPECT_NE(r.findings[3].description.find("expired 2022-04-15"), std::string::npos)
      << r.findings[3].description;
  EXPECT_TRUE(r.has_fail());
}

TEST(TlsHandshake, CbcSha1IsAWarningNotAFail) {
  const Tls12 h(0xC009);  // ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  const auto r = analyze(h.c2s, h.s2c);
  EXPECT_EQ(kinds(r), (std::vector<std::string>{"weak-cipher/warn"}));
}

TEST(TlsHandshake, Tls13VersionComesFromSupportedVersions) {
  const Bytes c2s = test::records(
      0x16, 0x0301, test::client_hello({0x0303, {0x1301, 0x1302, 0x1303}, "face.local", {0x0304, 0x0303}, {0x001D}}));
  const Bytes s2c = test::concat({test::records(0x16, 0x0303, test::server_hello(0x0303, 0x1301, 0x0304)),
                                  test::records(0x14, 0x0303, {1}),
                                  test::records(0x17, 0x0303, Bytes(900, 0x5A))});
  const TlsHandshake client = parse_tls_handshake(c2s);
  ASSERT_TRUE(client.client_hello);
  EXPECT_EQ(client.client_hello->supported_versions, (std::vector<std::uint16_t>{0x0304, 0x0303}));
  const TlsHandshake server = parse_tls_handshake(s2c);
  ASSERT_TRUE(server.server_hello);
  EXPECT_EQ(server.server_hello->legacy_version, 0x0303);
  EXPECT_EQ(server.server_hello->version, 0x0304);
  EXPECT_FALSE(server.certificate);

  const auto r = analyze(c2s, s2c);
  ASSERT_TRUE(r.flows.at(0).tls);
  EXPECT_EQ(r.flows[0].tls->version, "TLS 1.3");
  EXPECT_EQ(r.flows[0].tls->cipher_suite, "TLS_AES_128_GCM_SHA256");
  EXPECT_FALSE(r.flows[0].tls->certificate);  // encrypted in TLS 1.3
  EXPECT_TRUE(r.findings.empty()) << r.to_json()["findings"].dump(1);
}

TEST(TlsHandshake, TlcpWithEccSm4AndDoubleSm2Certificates) {
  const auto sign = test::make_certificate("tlcp-sign", KeyKind::Sm2, nullptr, kBefore, kAfter);
  const auto enc = test::make_certificate("tlcp-enc", KeyKind::Sm2, nullptr, kBefore, kAfter);
  const Bytes c2s = test::records(0x16, 0x0101, test::client_hello({0x0101, {0xE013, 0xE011}, "", {}, {}}));
  const Bytes s2c = test::concat(
      {test::records(0x16, 0x0101,
                     test::concat({test::server_hello(0x0101, 0xE013),
                                   test::certificate_message({sign.der, enc.der}), test::server_hello_done()}),
                     500),
       test::records(0x14, 0x0101, {1})});
  const TlsHandshake server = parse_tls_handshake(s2c);
  ASSERT_TRUE(server.certificate);
  ASSERT_EQ(server.certificate->chain.size(), 2u);
  EXPECT_EQ(server.certificate->chain[0].subject, "CN=tlcp-sign");
  EXPECT_EQ(server.certificate->chain[1].subject, "CN=tlcp-enc");
  EXPECT_TRUE(server.certificate->chain[0].self_signed);  // SM2 signature verified with its own key

  const auto r = analyze(c2s, s2c);
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].app, "tlcp");
  ASSERT_TRUE(r.flows[0].tls);
  EXPECT_EQ(r.flows[0].tls->version, "TLCP 1.1");
  EXPECT_EQ(r.flows[0].tls->cipher_suite, "ECC_SM4_CBC_SM3");
  EXPECT_EQ(r.flows[0].tls->cipher_suite_code, "0xE013");
  // TLCP is not an old TLS version and ECC_SM4 is not a weak cipher: only the warnings.
  EXPECT_EQ(kinds(r), (std::vector<std::string>{"tls-no-forward-secrecy/warn", "unverifiable-certificate/warn"}));
  EXPECT_FALSE(r.has_fail());
}

TEST(TlsHandshake, MessagesCutIntoOneByteRecordsStillParse) {
  const Tls12 h;
  const Bytes tiny = test::records(0x16, 0x0303, h.server_flight, 1);
  const TlsHandshake t = parse_tls_handshake(tiny);
  ASSERT_TRUE(t.server_hello);
  EXPECT_EQ(t.server_hello->cipher_suite, 0xC02B);
  EXPECT_EQ(t.server_hello->where.offset, 5u);  // first body byte of the first record
  EXPECT_EQ(t.server_hello->where.length, 74u * 6 - 5);  // 74 one-byte records, 6 bytes apart
  ASSERT_TRUE(t.certificate);
  EXPECT_EQ(t.certificate->chain.size(), 2u);
  EXPECT_TRUE(t.problems.empty()) << t.problems[0];
}

TEST(TlsHandshake, TruncatedStreamsNeverYieldHalfMessages) {
  const Tls12 h;
  for (std::size_t n = 0; n < h.s2c.size(); ++n) {
    const Bytes cut(h.s2c.begin(), h.s2c.begin() + static_cast<std::ptrdiff_t>(n));
    const TlsHandshake t = parse_tls_handshake(cut);
    if (t.certificate) {
      ASSERT_EQ(t.certificate->chain.size(), 2u) << n;
      EXPECT_TRUE(t.certificate->chain[1].decoded) << n;
    }
    if (n < 5 + 4 + 70) {  // ServerHello body is 70 bytes
      EXPECT_FALSE(t.server_hello) << n;
    }
  }
}

TEST(TlsHandshake, GarbageBytesNeverCrashOrFindAnything) {
  const Tls12 h;
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    Bytes b = i % 2 ? h.s2c : h.c2s;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
    const TlsHandshake t = parse_tls_handshake(b);
    if (t.certificate) {
      for (const auto& c : t.certificate->chain) {
        EXPECT_LE(c.der_length, b.size());
      }
    }
  }
  for (int i = 0; i < 300; ++i) {  // random record headers with random bodies
    Bytes b = {0x16, 0x03, 0x03};
    const std::size_t len = rng() % 600;
    b.push_back(static_cast<std::uint8_t>(len >> 8));
    b.push_back(static_cast<std::uint8_t>(len));
    for (std::size_t k = 0; k < len; ++k) b.push_back(static_cast<std::uint8_t>(rng()));
    parse_tls_handshake(b);
  }
  // Through the whole analysis: a handshake record of noise both ways is tls, with no finding.
  Bytes noise = {0x02, 0x00, 0x01, 0x00};
  for (int k = 0; k < 256; ++k) noise.push_back(static_cast<std::uint8_t>(rng()));
  const auto r = analyze(test::records(0x16, 0x0303, noise), test::records(0x16, 0x0303, noise));
  EXPECT_TRUE(r.findings.empty()) << r.to_json()["findings"].dump(1);
}

}  // namespace
}  // namespace facecert::probes
