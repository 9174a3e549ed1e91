// HTTP/1.x framing in the analyser: keep-alive, truncated and hostile bodies stay bounded.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::bytes_of;

const Bytes kOk = test::http_message("HTTP/1.1 200 OK", {}, {});

TEST(HttpFraming, TwoMessagesOnOneKeepAliveConnectionAreBothSeen) {
  const Bytes face = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const Bytes first = test::http_message("POST /a HTTP/1.1", {"Content-Type: application/json"},
                                         bytes_of(R"({"idCard":"11010519491231002X"})"));
  const Bytes second_body = bytes_of(R"({"img":")" + test::base64(face) + R"("})");
  const Bytes second = test::http_message("POST /b HTTP/1.1", {"Content-Type: application/json"}, second_body);
  const Bytes resp_body = bytes_of(R"({"phone":"13912345678"})");
  const Bytes resp = test::http_message("HTTP/1.1 200 OK", {"Content-Type: application/json"}, resp_body);
  const auto report = test::analyze_http({{first, kOk}, {second, resp}});
  ASSERT_EQ(report.flows.size(), 1u);
  ASSERT_EQ(report.findings.size(), 3u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-identity");
  EXPECT_EQ(report.findings[1].kind, "plaintext-face-image");
  EXPECT_EQ(report.findings[1].stream_offset, first.size() + second.size() - second_body.size());
  EXPECT_GT(report.findings[1].stream_offset, first.size());
  EXPECT_NE(report.findings[1].description.find("POST /b request"), std::string::npos);
  EXPECT_EQ(report.findings[2].direction, "s2c");
  EXPECT_EQ(report.findings[2].details["masked"], "139****5678");
  EXPECT_EQ(report.findings[2].stream_offset, kOk.size() + resp.size() - resp_body.size());
}

TEST(HttpFraming, TruncatedChunkedBodyIsAWarningNotACrash) {
  const Bytes resp = test::concat({test::http_message("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"}, {}),
                                   bytes_of("ffffff\r\n{\"idCard\":\"1101051949123")});
  const auto report = test::analyze_http({{test::http_message("GET / HTTP/1.1", {}, {}), resp}});
  EXPECT_TRUE(report.findings.empty()) << report.to_json().dump(1);
  bool said = false;
  for (const auto& w : report.warnings) said = said || w.find("chunked body truncated") != std::string::npos;
  EXPECT_TRUE(said) << report.to_json().dump(1);
}

TEST(HttpFraming, HostileLengthsAndSizesDoNotCrash) {
  const std::vector<std::string> bodies = {
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nabc",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nabc",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX",
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\n\x1f\x8b\x08\x00\x00",
      "HTTP/1.1 200 OK\r\nContent-Type: multipart/form-data; boundary=z\r\nContent-Length: 20\r\n\r\n--z\r\n\r\n\r\n--z",
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + std::string(5000, '[') + "\"x\"",
      "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<a><b>" + std::string(3000, '<'),
      "HTTP/1.1 200",
  };
  for (const auto& b : bodies) {
    SCOPED_TRACE(b.substr(0, 60));
    const auto report = test::analyze_http({{test::http_message("GET / HTTP/1.1", {}, {}), bytes_of(b)}});
    EXPECT_EQ(report.flows.size(), 1u);
  }
}

TEST(HttpFraming, GzipBombClaimingAGigabyteStopsAtTheGuard) {
  const Bytes bomb = test::gzip_zeros(std::size_t{200} << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  const Bytes resp = test::concat({bytes_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                                            "Content-Length: 1073741824\r\n\r\n"),
                                   bomb});
  const auto report = test::analyze_http({{test::http_message("GET / HTTP/1.1", {}, {}), resp}});
  EXPECT_TRUE(report.findings.empty());
  bool guard = false, truncated = false;
  for (const auto& w : report.warnings) {
    guard = guard || w.find("bomb guard") != std::string::npos;
    truncated = truncated || w.find("Content-Length 1073741824") != std::string::npos;
  }
  EXPECT_TRUE(guard) << report.to_json().dump(1);
  EXPECT_TRUE(truncated) << report.to_json().dump(1);
}

}  // namespace
}  // namespace facecert::probes
