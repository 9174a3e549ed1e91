// analyze_pcap on hand-built captures: images in clear text, the TLS near miss, bad files.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::TcpSegment;

const std::filesystem::path kDemo = test::demo_dir();

// One connection: handshake (frames 1-3), then `c2s` cut into `mss`-byte segments from frame 4.
std::vector<Bytes> connection(const Bytes& c2s, std::size_t mss = 1400, std::uint16_t cport = 40000) {
  const std::string cl = "192.168.1.10", sv = "192.168.1.20";
  std::vector<TcpSegment> segs = {{cl, sv, cport, 80, 100, 0, test::kSyn, {}},
                                  {sv, cl, 80, cport, 900, 101, test::kSyn | test::kAck, {}},
                                  {cl, sv, cport, 80, 101, 901, test::kAck, {}}};
  for (std::size_t off = 0; off < c2s.size(); off += mss) {
    const auto end = std::min(c2s.size(), off + mss);
    segs.push_back({cl, sv, cport, 80, static_cast<std::uint32_t>(101 + off), 901,
                    test::kAck | test::kPsh,
                    Bytes(c2s.begin() + static_cast<std::ptrdiff_t>(off),
                          c2s.begin() + static_cast<std::ptrdiff_t>(end))});
  }
  std::vector<Bytes> frames;
  for (const auto& s : segs) frames.push_back(test::ethernet(test::ip_packet(s)));
  return frames;
}

Bytes http_post(const Bytes& body, std::size_t* header_len = nullptr) {
  Bytes out = test::bytes_of("POST /api/face HTTP/1.1\r\nHost: device\r\nContent-Type: image/jpeg\r\n"
                             "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  if (header_len) *header_len = out.size();
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TrafficReport analyze_frames(const std::vector<Bytes>& frames, const AnalyzeOptions& o = {}) {
  test::TempDir dir;
  test::write_capture(dir / "t.pcapng", 1, frames);
  return analyze_pcap(dir / "t.pcapng", o);
}

TEST(TrafficAnalysis, FaceJpegInHttpPostIsAFailNamingItsFrames) {
  const Bytes jpeg = test::read_file(kDemo / "astronaut.jpg");
  std::size_t header = 0;
  const Bytes post = http_post(jpeg, &header);
  const auto report = analyze_frames(connection(post));
  ASSERT_EQ(report.findings.size(), 1u);
  const Finding& f = report.findings[0];
  EXPECT_EQ(f.kind, "plaintext-face-image");
  EXPECT_EQ(f.severity, "fail");
  EXPECT_EQ(f.flow, "192.168.1.10:40000 -> 192.168.1.20:80 tcp");
  EXPECT_EQ(f.direction, "c2s");
  EXPECT_EQ(f.stream_offset, header);
  EXPECT_EQ(f.length, jpeg.size());
  // Bytes [header, header + size) sit in segments header/1400 .. (header+size-1)/1400, from frame 4.
  std::vector<std::uint64_t> frames;
  for (std::uint64_t s = header / 1400; s <= (header + jpeg.size() - 1) / 1400; ++s) frames.push_back(4 + s);
  EXPECT_EQ(f.packets, frames);
  EXPECT_EQ(f.description,
            fmt::format("JPEG 512x512 with 1 face, 68,052 bytes, c2s stream offset {} (frames {}-{})",
                        header, frames.front(), frames.back()));
  EXPECT_EQ(f.details["faces"], 1);
  EXPECT_TRUE(report.has_fail());
  ASSERT_EQ(report.flows.size(), 1u);
  EXPECT_EQ(report.flows[0].app, "http");
  EXPECT_EQ(report.flows[0].encrypted, "false");
  const auto j = report.to_json();
  EXPECT_EQ(j["findings"][0]["kind"], "plaintext-face-image");
  EXPECT_EQ(j["findings"][0]["packets"].size(), frames.size());
  EXPECT_EQ(j["flows"][0]["bytes_c2s"], post.size());
  EXPECT_EQ(j["totals"]["fail"], 1);
  EXPECT_EQ(j["has_fail"], true);
}

TEST(TrafficAnalysis, FaceDetectionOffMakesItAnImageWarning) {
  AnalyzeOptions o;
  o.detect_faces = false;
  const auto report = analyze_frames(connection(http_post(test::encode_demo("astronaut.jpg", ".jpg", 200))), o);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, "plaintext-image");
  EXPECT_FALSE(report.has_fail());
}

TEST(TrafficAnalysis, PngAndBmpWithoutFacesAreWarnings) {
  Bytes body = test::encode_demo("fruits.jpg", ".png", 120);
  const Bytes bmp = test::encode_demo("fruits.jpg", ".bmp", 40);
  body.insert(body.end(), bmp.begin(), bmp.end());
  const auto report = analyze_frames(connection(http_post(body)));
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].kind, "plaintext-image");
  EXPECT_EQ(report.findings[0].severity, "warn");
  EXPECT_EQ(report.findings[0].details["format"], "PNG");
  EXPECT_TRUE(report.findings[0].description.starts_with("PNG 120x120 with no face")) << report.findings[0].description;
  EXPECT_EQ(report.findings[1].details["format"], "BMP");
  EXPECT_EQ(report.findings[1].length, bmp.size());
  EXPECT_FALSE(report.has_fail());
}

TEST(TrafficAnalysis, SameImageTwiceIsReportedAtBothPlaces) {
  const Bytes small = test::encode_demo("astronaut.jpg", ".jpg", 256);
  Bytes body = small;
  body.insert(body.end(), small.begin(), small.end());
  const auto report = analyze_frames(connection(http_post(body)));
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[1].stream_offset, report.findings[0].stream_offset + small.size());
  EXPECT_EQ(report.findings[0].details["sha256"], report.findings[1].details["sha256"]);
  EXPECT_EQ(report.findings[1].kind, "plaintext-face-image");
}

// The near miss: the same small face JPEG is a fail in clear text and nothing when encrypted inside
// TLS records; in TLS records but not encrypted (a faked handshake), the flow is clear text.
TEST(TrafficAnalysis, FaceJpegInsideTlsRecordsIsNotScanned) {
  const Bytes face = test::encode_demo("astronaut.jpg", ".jpg", 256);
  ASSERT_LT(face.size(), 16384u);
  auto tls_with = [](const Bytes& app_data) {
    Bytes tls = test::tls_record(0x16, Bytes(180, 0x01));
    const Bytes app = test::tls_record(0x17, app_data);
    tls.insert(tls.end(), app.begin(), app.end());
    return tls;
  };
  const auto in_tls = analyze_frames(connection(tls_with(test::aes_ctr(face))));
  ASSERT_EQ(in_tls.flows.size(), 1u);
  EXPECT_EQ(in_tls.flows[0].app, "tls");
  EXPECT_EQ(in_tls.flows[0].encrypted, "true");
  EXPECT_TRUE(in_tls.findings.empty());

  const auto fake_tls = analyze_frames(connection(tls_with(face)));
  ASSERT_EQ(fake_tls.flows.size(), 1u);
  EXPECT_EQ(fake_tls.flows[0].app, "tls");
  EXPECT_EQ(fake_tls.flows[0].encrypted, "false");
  ASSERT_EQ(fake_tls.findings.size(), 1u) << fake_tls.to_json().dump(1);
  EXPECT_EQ(fake_tls.findings[0].kind, "plaintext-face-image");

  const auto in_clear = analyze_frames(connection(http_post(face)));
  ASSERT_EQ(in_clear.findings.size(), 1u);
  EXPECT_EQ(in_clear.findings[0].kind, "plaintext-face-image");
}

TEST(TrafficAnalysis, ImageCutByAGapIsNotReportedButTheGapIs) {
  auto frames = connection(http_post(test::read_file(kDemo / "astronaut.jpg")));
  frames.erase(frames.begin() + 10);  // one segment in the middle of the JPEG never captured
  const auto report = analyze_frames(frames);
  EXPECT_TRUE(report.findings.empty());
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings[0].find("1 gap(s)"), std::string::npos) << report.warnings[0];
}

TEST(TrafficAnalysis, TruncatedCaptureIsAnalysedUpToWhereItStops) {
  test::TempDir dir;
  const auto file = dir / "cut.pcapng";
  auto frames = connection(http_post(test::read_file(kDemo / "fruits.jpg")));
  test::write_capture(file, 1, frames);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 700);  // mid last packet
  const auto report = analyze_pcap(file);
  EXPECT_EQ(report.packets, frames.size() - 1);
  ASSERT_EQ(report.flows.size(), 1u);
  bool said = false;
  for (const auto& w : report.warnings)
    said = said || w.find(fmt::format("reading stopped at frame {}", frames.size())) != std::string::npos;
  EXPECT_TRUE(said) << report.to_json().dump(1);
}

void expect_probe_error_naming(const std::filesystem::path& file) {
  try {
    analyze_pcap(file);
    ADD_FAILURE() << "no error for " << file;
  } catch (const ProbeError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST(TrafficAnalysis, UnreadableFilesThrowNamingTheFile) {
  test::TempDir dir;
  expect_probe_error_naming(dir / "missing.pcapng");
  std::ofstream(dir / "empty.pcap").close();
  expect_probe_error_naming(dir / "empty.pcap");
  std::ofstream(dir / "garbage.pcap") << "this is not a capture file at all, just text";
  expect_probe_error_naming(dir / "garbage.pcap");
}

}  // namespace
}  // namespace facecert::probes
