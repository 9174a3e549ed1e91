#include "facecert/probes/face_detector.h"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace facecert::probes {
namespace {
// Searching a big photo at full size costs time and finds nothing more for faces of >= 30 px at
// this scale; images are shrunk so that the longer side is at most this.
constexpr int kMaxSide = 640;
}  // namespace

std::filesystem::path FaceDetector::default_cascade_path() {
  std::filesystem::path dir = FACECERT_CASCADE_DIR;
  if (const char* env = std::getenv("FACECERT_CASCADE_DIR"); env && *env) dir = env;
  return dir / "haarcascade_frontalface_default.xml";
}

FaceDetector::FaceDetector(const std::filesystem::path& cascade) {
  if (!std::filesystem::exists(cascade) || !cascade_.load(cascade.string()))
    throw std::runtime_error(
        fmt::format("{}: cannot load the face cascade (install opencv-data or set "
                    "FACECERT_CASCADE_DIR)",
                    cascade.string()));
}

std::vector<cv::Rect> FaceDetector::detect(const cv::Mat& image) const {
  if (image.empty()) return {};
  cv::Mat grey;
  if (image.channels() == 3)
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  else if (image.channels() == 4)
    cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
  else
    grey = image;
  double scale = 1.0;
  const int side = std::max(grey.cols, grey.rows);
  if (side > kMaxSide) {
    scale = static_cast<double>(kMaxSide) / side;
    cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_AREA);
  }
  std::vector<cv::Rect> faces;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cascade_.detectMultiScale(grey, faces, 1.1, 5, 0, cv::Size(30, 30));
  }
  if (scale != 1.0)
    for (auto& r : faces)
      r = cv::Rect(cvRound(r.x / scale), cvRound(r.y / scale), cvRound(r.width / scale),
                   cvRound(r.height / scale));
  return faces;
}

int FaceDetector::count_faces_encoded(std::span<const std::uint8_t> bytes) const {
  if (bytes.empty()) return -1;
  cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
  cv::Mat img = cv::imdecode(buf, cv::IMREAD_COLOR);
  if (img.empty()) return -1;
  return static_cast<int>(detect(img).size());
}

}  // namespace facecert::probes
