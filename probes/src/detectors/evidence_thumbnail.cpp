#include "evidence_thumbnail.h"

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"

namespace facecert::probes::detectors {

std::string write_pixelated_thumbnail(const std::filesystem::path& dir, const std::string& sha256,
                                      std::span<const std::uint8_t> bytes) {
  constexpr int kSide = 96, kBlock = 8;
  const std::string name = "image-" + sha256.substr(0, 16) + ".png";
  const auto path = dir / name;
  if (std::filesystem::exists(path)) return name;
  const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
  const cv::Mat image = facecert::media::imdecode(buf, cv::IMREAD_REDUCED_COLOR_4);
  if (image.empty()) return {};
  const double scale = static_cast<double>(kSide) / std::max(image.cols, image.rows);
  const cv::Size thumb(std::max(1, cvRound(image.cols * scale)), std::max(1, cvRound(image.rows * scale)));
  cv::Mat blocks, out;
  cv::resize(image, blocks, cv::Size(std::max(1, thumb.width / kBlock), std::max(1, thumb.height / kBlock)), 0, 0,
             cv::INTER_AREA);
  cv::resize(blocks, out, thumb, 0, 0, cv::INTER_NEAREST);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return facecert::media::imwrite(path.string(), out) ? name : std::string{};
}

}  // namespace facecert::probes::detectors
