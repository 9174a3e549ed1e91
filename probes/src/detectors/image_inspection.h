// The image check shared by the raw-bytes images detector and the HTTP body detector: decode a
// carved image, look for faces, and word the finding. Each distinct image (by SHA-256 of its bytes)
// is decoded once per capture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/traffic_analysis.h"
#include "image_carver.h"

namespace facecert::probes::detectors {

struct InspectedImage {
  bool ok = false;  // decoded
  int width = 0, height = 0, faces = 0;
  std::vector<cv::Rect> boxes;
};

}  // namespace facecert::probes::detectors

namespace facecert::probes {
struct ImageVerdictCache {
  std::mutex mu;
  std::map<std::string, detectors::InspectedImage> verdicts;  // entries are never erased
};
}  // namespace facecert::probes

namespace facecert::probes::detectors {

class ImageInspector {
 public:
  explicit ImageInspector(const AnalyzeOptions& options)
      : detect_faces_(options.detect_faces),
        thorough_(options.thorough_faces),
        evidence_dir_(options.evidence_dir),
        cache_(options.image_cache ? options.image_cache : std::make_shared<ImageVerdictCache>()) {}
  const InspectedImage& inspect(const std::string& sha256, const CarvedImage& img, std::span<const std::uint8_t> bytes);

  // plaintext-face-image (fail) or plaintext-image (warn); description
  // "<format> <w>x<h> with 1 face, 68,052 bytes, <where>"; details format, size, faces, sha256.
  // `sha256`: sha256_hex(bytes), which the caller has at hand (it also tells images apart).
  Finding finding(const std::string& sha256, const CarvedImage& img, std::span<const std::uint8_t> bytes,
                  std::string_view where);

 private:
  static const FaceDetector& face_detector();  // loaded when the first image shows up
  bool detect_faces_, thorough_;
  std::filesystem::path evidence_dir_;
  std::shared_ptr<ImageVerdictCache> cache_;
};

}  // namespace facecert::probes::detectors
