#include "image_inspection.h"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "../traffic/flow_finalize.h"
#include "evidence_thumbnail.h"
#include "facecert/probes/media_io.h"

namespace facecert::probes::detectors {

const InspectedImage& ImageInspector::inspect(const std::string& sha256, const CarvedImage& img,
                                              std::span<const std::uint8_t> bytes) {
  {
    std::lock_guard lock(cache_->mu);
    if (auto it = cache_->verdicts.find(sha256); it != cache_->verdicts.end()) return it->second;
  }
  // Decoded outside the lock; two threads meeting the same new image at once both decode it and
  // the first verdict stays.
  InspectedImage d;
  if (detect_faces_) {
    const auto s = face_detector().screen_encoded(bytes, img.format == "JPEG", img.width, img.height, thorough_);
    d.ok = s.decoded;
    d.width = s.width;
    d.height = s.height;
    d.boxes = s.faces;
    d.faces = static_cast<int>(d.boxes.size());
  } else {  // no detection: decoding at 1/8 still says whether it is an image at all
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
    const cv::Mat image = facecert::media::imdecode(buf, img.format == "JPEG" ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_GRAYSCALE);
    d.ok = !image.empty();
    d.width = img.width > 0 ? img.width : image.cols;
    d.height = img.height > 0 ? img.height : image.rows;
  }
  std::lock_guard lock(cache_->mu);
  return cache_->verdicts.emplace(sha256, std::move(d)).first->second;
}

Finding ImageInspector::finding(const std::string& hash, const CarvedImage& img, std::span<const std::uint8_t> bytes,
                                std::string_view where) {
  const InspectedImage& d = inspect(hash, img, bytes);
  const int width = d.ok ? d.width : img.width, height = d.ok ? d.height : img.height;
  Finding f;
  const bool face = d.ok && d.faces > 0;
  f.kind = face ? "plaintext-face-image" : "plaintext-image";
  f.severity = face ? "fail" : "warn";
  const std::string what = !d.ok            ? "that does not decode"
                           : !detect_faces_ ? "(face detection off)"
                           : d.faces == 0   ? "with no face"
                                            : fmt::format("with {} face{}", d.faces, d.faces == 1 ? "" : "s");
  f.description = fmt::format("{} {}x{} {}, {} bytes, {}", img.format, width, height, what,
                              traffic::group_thousands(img.length), where);
  f.details = {{"format", img.format}, {"width", width},   {"height", height},
               {"decoded", d.ok},      {"faces", d.faces}, {"sha256", hash}};
  nlohmann::json boxes = nlohmann::json::array();
  for (const auto& r : d.boxes) boxes.push_back({r.x, r.y, r.width, r.height});
  f.details["face_boxes"] = boxes;
  if (!evidence_dir_.empty() && d.ok)
    if (const std::string file = write_pixelated_thumbnail(evidence_dir_, hash, bytes); !file.empty()) f.details["evidence"] = file;
  return f;
}

const FaceDetector& ImageInspector::face_detector() {
  // Loading the cascades costs ~25 ms: only when an image shows up, once; the analysis threads
  // search with it at the same time (the cascades' scratch is per thread).
  static const FaceDetector faces;
  return faces;
}

}  // namespace facecert::probes::detectors
