// `pcap analyze --evidence DIR`: an image found in clear leaves a pixelated thumbnail named in the
// finding, in which no face can be found any more; the clear image is not written.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/media_io.h"
#include "probes/cli_run_support.h"
#include "probes/frame_builder_support.h"
#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

TEST(EvidenceCli, FaceInClearLeavesOnlyAPixelatedThumbnail) {
  test::TempDir dir;
  const Bytes face = test::encode_demo("astronaut.jpg", ".jpg", 256);
  ASSERT_GT(FaceDetector().count_faces_encoded(face), 0);
  const Bytes post = test::http_message("POST /face HTTP/1.1", {"Content-Type: image/jpeg"}, face);
  std::vector<Bytes> frames;
  std::uint32_t seq = 1;
  for (std::size_t off = 0; off < post.size(); off += 1400, seq += 1400) {
    const auto end = std::min(post.size(), off + 1400);
    frames.push_back(test::ethernet(test::ip_packet(
        {"10.7.0.1", "10.7.0.2", 50007, 80, seq, 0, test::kAck,
         Bytes(post.begin() + static_cast<std::ptrdiff_t>(off), post.begin() + static_cast<std::ptrdiff_t>(end))})));
  }
  test::write_capture(dir / "c.pcapng", 1, frames);

  const auto r = test::run_facecert("pcap analyze " + (dir / "c.pcapng").string() + " --evidence " +
                                    (dir / "ev").string() + " --json " + (dir / "out.json").string());
  ASSERT_EQ(r.exit_code, 1) << r.output;
  std::ifstream in(dir / "out.json");
  const auto j = nlohmann::json::parse(in);
  const auto& finding = j["captures"][0]["findings"][0];
  ASSERT_EQ(finding["kind"], "plaintext-face-image");
  const std::string name = finding["details"]["evidence"];
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "ev")) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  const cv::Mat thumb = facecert::media::imread((dir / "ev" / name).string());
  ASSERT_FALSE(thumb.empty()) << name;
  EXPECT_LE(std::max(thumb.cols, thumb.rows), 96);
  EXPECT_TRUE(FaceDetector().detect(thumb).empty());
  EXPECT_NE(test::read_file(dir / "ev" / name), face);
}

}  // namespace
}  // namespace facecert::probes
