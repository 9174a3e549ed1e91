// Evidence that an exported template holds no image (6.1.3 irreversibility: no image can be
// recovered from a feature; ISO/IEC 24745). Checks stand on the bytes, not on the vendor's word:
// image signatures walked to their end, decoding as an image, the bytes read as raw pixels and
// searched for a face, and the size against a typical enrolment image.
#include <opencv2/imgcodecs.hpp>

#include <fmt/format.h>

#include "../detectors/image_carver.h"
#include "facecert/probes/face_detector.h"
#include "facecert/probes/media_io.h"
#include "facecert/probes/template_metrics.h"

namespace facecert::probes {
namespace {

bool may_start_image(std::uint8_t b) { return b == 0xFF || b == 0x89 || b == 'B' || b == 'R'; }

std::vector<ImageSignatureFinding> image_signatures(std::span<const std::uint8_t> blob) {
  std::vector<ImageSignatureFinding> found;
  for (std::size_t i = 0; i < blob.size(); ++i) {
    if (!may_start_image(blob[i])) continue;
    const auto walk = detectors::walk_image(blob, i);
    if (walk.status == detectors::WalkStatus::none) continue;
    found.push_back({walk.image.format, i, walk.image.length, walk.status == detectors::WalkStatus::complete});
    if (walk.status == detectors::WalkStatus::complete && walk.image.length > 0) i += walk.image.length - 1;
  }
  return found;
}

bool decodes_as_image(std::span<const std::uint8_t> blob) {
  try {
    const cv::Mat buffer(1, static_cast<int>(blob.size()), CV_8UC1, const_cast<std::uint8_t*>(blob.data()));
    return !facecert::media::imdecode(buffer, cv::IMREAD_UNCHANGED).empty();
  } catch (const cv::Exception&) {
    return false;
  }
}

// A template that is really a small face crop stored as pixels (grey or BGR, row after row).
std::vector<std::string> faces_as_pixels(std::span<const std::uint8_t> blob, const IrreversibilityOptions& o,
                                         const FaceDetector& detector) {
  std::vector<std::string> hits;
  for (int side : o.pixel_sides) {
    for (int channels : {1, 3}) {
      const std::size_t need = static_cast<std::size_t>(side) * static_cast<std::size_t>(side) * channels;
      if (side <= 0 || blob.size() < need) continue;
      const cv::Mat pixels =
          cv::Mat(side, side, channels == 1 ? CV_8UC1 : CV_8UC3, const_cast<std::uint8_t*>(blob.data())).clone();
      const auto faces = detector.detect(pixels);
      if (!faces.empty())
        hits.push_back(fmt::format("{}x{} {}: {} face{}", side, side, channels == 1 ? "grey" : "BGR", faces.size(),
                                   faces.size() == 1 ? "" : "s"));
    }
  }
  return hits;
}

void summarise(IrreversibilityEvidence& e, const IrreversibilityOptions& o) {
  std::string sig = "none";
  if (!e.image_signatures.empty()) {
    sig.clear();
    for (const auto& s : e.image_signatures)
      sig += fmt::format("{}{} at byte {} ({}, {} bytes)", sig.empty() ? "" : "; ", s.format, s.offset,
                         s.complete ? "complete" : "incomplete", s.length);
  }
  e.summary.push_back("image signatures: " + sig);
  e.summary.push_back(fmt::format("decodes as an image: {}", e.decodes_as_image ? "yes" : "no"));
  std::string sides;
  for (int s : o.pixel_sides) sides += fmt::format("{}{}x{}", sides.empty() ? "" : ", ", s, s);
  std::string faces = "none";
  if (!e.faces_as_pixels.empty()) {
    faces.clear();
    for (const auto& f : e.faces_as_pixels) faces += (faces.empty() ? "" : "; ") + f;
  }
  e.summary.push_back(fmt::format("faces in the bytes read as pixels ({} grey/BGR): {}", sides, faces));
  if (e.size_ratio)
    e.summary.push_back(fmt::format("size: {} bytes, {:.3f} of a typical enrolment image ({} bytes): {}", e.template_bytes,
                                    *e.size_ratio, o.typical_image_bytes,
                                    e.size_far_below_image ? "far below" : "not far below"));
  else
    e.summary.push_back(fmt::format("size: {} bytes (not compared: no typical image size given)", e.template_bytes));
  e.summary.push_back(e.image_found() ? "an image or face pixels are in the template (irreversibility not shown)"
                                      : "no image evidence in the template");
}

}  // namespace

IrreversibilityEvidence inspect_template_for_image(std::span<const std::uint8_t> blob,
                                                   const IrreversibilityOptions& options) {
  IrreversibilityEvidence e;
  e.template_bytes = blob.size();
  e.image_signatures = image_signatures(blob);
  e.decodes_as_image = !blob.empty() && decodes_as_image(blob);
  if (options.detector) {
    e.faces_as_pixels = faces_as_pixels(blob, options, *options.detector);
  } else {
    static const FaceDetector default_detector;
    e.faces_as_pixels = faces_as_pixels(blob, options, default_detector);
  }
  if (options.typical_image_bytes > 0) {
    e.size_ratio = static_cast<double>(blob.size()) / static_cast<double>(options.typical_image_bytes);
    e.size_far_below_image = *e.size_ratio <= options.far_below_ratio;
  }
  summarise(e, options);
  return e;
}

nlohmann::json to_json(const IrreversibilityEvidence& e) {
  nlohmann::json sigs = nlohmann::json::array();
  for (const auto& s : e.image_signatures)
    sigs.push_back({{"format", s.format}, {"offset", s.offset}, {"length", s.length}, {"complete", s.complete}});
  nlohmann::json j{{"template_bytes", e.template_bytes},
                   {"image_signatures", sigs},
                   {"decodes_as_image", e.decodes_as_image},
                   {"faces_as_pixels", e.faces_as_pixels},
                   {"size_far_below_image", e.size_far_below_image},
                   {"image_found", e.image_found()},
                   {"summary", e.summary}};
  j["size_ratio"] = e.size_ratio ? nlohmann::json(*e.size_ratio) : nlohmann::json(nullptr);
  return j;
}

}  // namespace facecert::probes
