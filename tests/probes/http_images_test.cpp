// Face images inside HTTP/1.x bodies: chunked, gzip-compressed, base64 in JSON/XML, multipart.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::bytes_of;

const Bytes kGet = test::http_message("GET /snapshot HTTP/1.1", {"Host: cam"}, {});
const Bytes kOk = test::http_message("HTTP/1.1 200 OK", {"Content-Length: 0"}, {});

std::vector<const Finding*> of_kind(const TrafficReport& r, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

TEST(HttpImages, ChunkedResponseWithFaceJpegIsAFailAtTheBody) {
  const Bytes jpeg = test::read_file(test::demo_dir() / "astronaut.jpg");
  const Bytes head = test::http_message("HTTP/1.1 200 OK", {"Content-Type: image/jpeg", "Transfer-Encoding: chunked"}, {});
  const Bytes body = test::chunked(jpeg, 4000);
  const auto report = test::analyze_http({{kGet, test::concat({head, body})}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  const Finding& f = report.findings[0];
  EXPECT_EQ(f.kind, "plaintext-face-image");
  EXPECT_EQ(f.severity, "fail");
  EXPECT_EQ(f.direction, "s2c");
  EXPECT_EQ(f.stream_offset, head.size());
  EXPECT_EQ(f.length, body.size());
  EXPECT_EQ(f.details["faces"], 1);
  EXPECT_NE(f.description.find("JPEG 512x512 with 1 face, 68,052 bytes, raw bytes at body offset 0 in HTTP 200 response body"),
            std::string::npos) << f.description;
}

TEST(HttpImages, JpegInOneChunkIsReportedOnceNotByBothDetectors) {
  const Bytes jpeg = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const Bytes body = test::chunked(jpeg, jpeg.size());
  const Bytes resp = test::http_message("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"}, body);
  const auto report = test::analyze_http({{kGet, resp}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-face-image");
  EXPECT_EQ(report.findings[0].length, body.size());  // the body detector's range: the whole body
  EXPECT_EQ(report.findings[0].stream_offset, resp.size() - body.size());
}

// Base64 of `lead` junk bytes + JPEG: lead 0, 1, 2 puts the JPEG on each base64 alignment.
TEST(HttpImages, GzipJsonWithBase64FaceAtEachAlignmentAndAsDataUri) {
  const Bytes jpeg = test::encode_demo("astronaut.jpg", ".jpg", 256);
  for (int variant = 0; variant < 5; ++variant) {
    SCOPED_TRACE(variant);
    std::string b64;
    if (variant < 3) b64 = test::base64(test::concat({Bytes(static_cast<std::size_t>(variant), 0x41), jpeg}));
    else if (variant == 3) b64 = "data:image/jpeg;base64," + test::base64(jpeg);
    else b64 = test::base64(jpeg, /*url_safe=*/true);
    const std::string json = R"({"FaceList":[{"Name":"x","Data":")" + b64 + R"("}]})";
    const Bytes body = test::gzip(bytes_of(json));
    const Bytes req = test::http_message("POST /api/face HTTP/1.1",
                                         {"Content-Type: application/json", "Content-Encoding: gzip"}, body);
    const auto report = test::analyze_http({{req, kOk}});
    ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
    const Finding& f = report.findings[0];
    EXPECT_EQ(f.kind, "plaintext-face-image");
    EXPECT_EQ(f.direction, "c2s");
    EXPECT_EQ(f.details["path"], "json:$.FaceList[0].Data");
    EXPECT_EQ(f.details["content_encoding"], "gzip");
    EXPECT_EQ(f.stream_offset, req.size() - body.size());
    EXPECT_EQ(f.length, body.size());
    EXPECT_NE(f.description.find("in POST /api/face request body (gzip)"), std::string::npos) << f.description;
    if (variant == 3) {
      EXPECT_NE(f.description.find("data:image/jpeg"), std::string::npos) << f.description;
    }
    if (variant == 4) {
      EXPECT_NE(f.description.find("URL-safe"), std::string::npos) << f.description;
    }
  }
}

TEST(HttpImages, MultipartFacePartIsReportedOnceWithBase64PartByPath) {
  const Bytes jpeg = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const Bytes fruit = test::encode_demo("fruits.jpg", ".png", 96);
  const Bytes body = test::concat(
      {bytes_of("--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{\"id\":7}\r\n"
                "--XyZ\r\nContent-Disposition: form-data; name=\"FaceImage\"; filename=\"f.jpg\"\r\n"
                "Content-Type: image/jpeg\r\n\r\n"),
       jpeg,
       bytes_of("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"thumb\"\r\n\r\n" + test::base64(fruit) +
                "\r\n--XyZ--\r\n")});
  const Bytes req = test::http_message("POST /upload HTTP/1.1", {"Content-Type: multipart/form-data; boundary=XyZ"}, body);
  const auto report = test::analyze_http({{req, kOk}});
  ASSERT_EQ(report.findings.size(), 2u) << report.to_json().dump(1);
  ASSERT_EQ(of_kind(report, "plaintext-face-image").size(), 1u);
  const Finding& face = *of_kind(report, "plaintext-face-image")[0];
  EXPECT_EQ(face.length, jpeg.size());  // from the raw-bytes detector, not repeated by the body one
  const auto thumbs = of_kind(report, "plaintext-image");
  ASSERT_EQ(thumbs.size(), 1u);
  EXPECT_EQ(thumbs[0]->details["path"], "multipart:thumb");
  EXPECT_EQ(thumbs[0]->details["format"], "PNG");
}

TEST(HttpImages, XmlWithBase64FaceIsFound) {
  const Bytes jpeg = test::encode_demo("astronaut.jpg", ".jpg", 256);
  const std::string xml = "<?xml version=\"1.0\"?><FaceLib><Face id=\"1\"><Data>" + test::base64(jpeg) +
                          "</Data></Face></FaceLib>";
  const auto report = test::analyze_http(
      {{kGet, test::http_message("HTTP/1.1 200 OK", {"Content-Type: application/xml"}, bytes_of(xml))}});
  ASSERT_EQ(report.findings.size(), 1u) << report.to_json().dump(1);
  EXPECT_EQ(report.findings[0].kind, "plaintext-face-image");
  EXPECT_EQ(report.findings[0].details["path"], "xml:/FaceLib/Face/Data");
}

}  // namespace
}  // namespace facecert::probes
