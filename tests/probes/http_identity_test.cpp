// Identity numbers, credentials and face feature templates in clear-text HTTP, with near misses.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::bytes_of;

const Bytes kOk = test::http_message("HTTP/1.1 200 OK", {"Content-Type: text/plain"}, bytes_of("ok"));

Bytes post_json(const std::string& json, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> headers = {"Host: dev", "Content-Type: application/json"};
  headers.insert(headers.end(), extra.begin(), extra.end());
  return test::http_message("POST /api/person HTTP/1.1", headers, bytes_of(json));
}

// 11010519491231002X: the GB 11643 example number (check character X).
constexpr const char* kId = "11010519491231002X";

TEST(HttpIdentity, ValidResidentIdIsAFailAndOnlyMaskedAnywhere) {
  const std::string json = fmt::format(R"({{"person":{{"name":"x","idCard":"{}","phone":"13812341234"}}}})", kId);
  const auto report = test::analyze_http({{post_json(json), kOk}});
  ASSERT_EQ(report.findings.size(), 2u) << report.to_json().dump(1);
  const Finding& id = report.findings[0];
  EXPECT_EQ(id.kind, "plaintext-identity");
  EXPECT_EQ(id.severity, "fail");
  EXPECT_EQ(id.details["masked"], "1101**********002X");
  EXPECT_EQ(id.details["path"], "json:$.person.idCard");
  EXPECT_NE(id.description.find("1101**********002X"), std::string::npos) << id.description;
  const Finding& phone = report.findings[1];
  EXPECT_EQ(phone.severity, "warn");
  EXPECT_EQ(phone.details["masked"], "138****1234");
  EXPECT_FALSE(test::report_mentions(report, kId));
  EXPECT_FALSE(test::report_mentions(report, "13812341234"));
  EXPECT_FALSE(test::report_mentions(report, "19491231"));  // no part of the middle either
  EXPECT_TRUE(report.has_fail());
}

TEST(HttpIdentity, HeaderNameWithBytesThatAreNotUtf8IsEscapedInTheReport) {
  // Found by fuzz_capture_reader: raw bytes of a header name reached the description and the JSON
  // report could not be written.
  const auto report = test::analyze_http({{post_json("{}", {std::string("X-\xF5\xFF\x01Id: ") + kId}), kOk}});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, "plaintext-identity");
  EXPECT_NE(report.findings[0].description.find("X-\\xF5\\xFF\\x01Id"), std::string::npos)
      << report.findings[0].description;
  EXPECT_NO_THROW((void)report.to_json().dump());
}

TEST(HttpIdentity, IdInTheQueryIsFoundAndMaskedInTheTarget) {
  const Bytes req = test::http_message(fmt::format("GET /person/{}?id={} HTTP/1.1", kId, kId), {"Host: dev"}, {});
  const auto report = test::analyze_http({{req, kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-identity");
  EXPECT_FALSE(test::report_mentions(report, kId)) << report.to_json().dump(1);
}

TEST(HttpIdentity, NearMissBadCheckDigitOrDateIsNotReported) {
  // Same digits, wrong check character; a valid check character with month 13; 17 digits.
  const auto report = test::analyze_http(
      {{post_json(R"({"idCard":"110105194912310021","other":"110105194913310015","short":"11010519491231002"})"), kOk}});
  EXPECT_TRUE(report.findings.empty()) << report.to_json().dump(1);
}

TEST(HttpCredentials, BasicAuthShowsTheUserNeverThePassword) {
  const Bytes req = test::http_message("GET /ISAPI/System/deviceInfo HTTP/1.1",
                                       {"Host: dev", "Authorization: Basic " + test::base64(bytes_of("admin:S3cret!x"))}, {});
  const auto report = test::analyze_http({{req, kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  const Finding& f = report.findings[0];
  EXPECT_EQ(f.kind, "plaintext-credentials");
  EXPECT_EQ(f.severity, "fail");
  EXPECT_EQ(f.details["user"], "admin");
  EXPECT_NE(f.description.find("user 'admin'"), std::string::npos) << f.description;
  EXPECT_FALSE(test::report_mentions(report, "S3cret"));
  EXPECT_FALSE(test::report_mentions(report, test::base64(bytes_of("admin:S3cret!x"))));
  EXPECT_EQ(f.stream_offset, std::string("GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: dev\r\n").size());
}

TEST(HttpCredentials, DigestIsAWarningThatExplainsWhy) {
  const Bytes req = test::http_message(
      "GET /ISAPI HTTP/1.1",
      {"Authorization: Digest username=\"operator\", realm=\"dev\", nonce=\"abc\", uri=\"/ISAPI\", "
       "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5"},
      {});
  const auto report = test::analyze_http({{req, kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].severity, "warn");
  EXPECT_EQ(report.findings[0].details["user"], "operator");
  EXPECT_NE(report.findings[0].description.find("replayed"), std::string::npos);
}

std::string floats(std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += fmt::format("{}{:.6f}", i ? "," : "", 0.001 * static_cast<double>(i % 97) - 0.04);
  return s + "]";
}

TEST(HttpFaceFeature, A512FloatArrayIsAFailA16FloatArrayIsNot) {
  const auto report = test::analyze_http({{post_json(R"({"faceFeature":)" + floats(512) + "}"), kOk},
                                          {post_json(R"({"feature":)" + floats(16) + "}"), kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-face-feature");
  EXPECT_EQ(report.findings[0].severity, "fail");
  EXPECT_EQ(report.findings[0].details["size"], 512);
  EXPECT_EQ(report.findings[0].details["path"], "json:$.faceFeature");
}

TEST(HttpFaceFeature, IntegerArraysAreFeaturesOnlyUnderAFeatureName) {
  std::string ints = "[";
  for (int i = 0; i < 512; ++i) ints += (i ? "," : "") + std::to_string(i % 200 - 100);
  ints += "]";
  const auto report = test::analyze_http({{post_json(R"({"histogram":)" + ints + "}"), kOk},
                                          {post_json(R"({"faceTemplate":)" + ints + "}"), kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-face-feature");
  EXPECT_EQ(report.findings[0].details["path"], "json:$.faceTemplate");
}

TEST(HttpFaceFeature, Base64Float32TemplateUnderAFeatureNameIsAFail) {
  Bytes blob(512 * 4);
  for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<std::uint8_t>(i * 37 + 11);
  const std::string b64 = test::base64(blob);
  const auto report = test::analyze_http({{post_json(R"({"modelData":")" + b64 + R"("})"), kOk},
                                          {post_json(R"({"comment":")" + b64 + R"("})"), kOk}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-face-feature");
  EXPECT_EQ(report.findings[0].details["layout"], "float32");
}

}  // namespace
}  // namespace facecert::probes
