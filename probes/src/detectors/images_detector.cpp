// Clause 7.0: a face image must not cross the network in clear text. Carves images out of every
// clear-text stream, decodes them and looks for faces: a face -> fail, any other image -> warn.
#include <map>
#include <optional>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <opencv2/imgcodecs.hpp>

#include "../traffic/flow_finalize.h"
#include "facecert/probes/face_detector.h"
#include "facecert/probes/hashing.h"
#include "facecert/probes/stream_detector.h"
#include "image_carver.h"

namespace facecert::probes {
namespace {

struct Decoded {
  bool ok = false;
  int width = 0, height = 0, faces = 0;
  std::vector<cv::Rect> boxes;
};


class ImagesDetector final : public StreamDetector {
 public:
  explicit ImagesDetector(const AnalyzeOptions& options) : detect_faces_(options.detect_faces) {}

  void scan(const StreamView& view, DetectorSink& sink) override {
    for (const auto& chunk : view.stream.chunks())
      for (const auto& img : detectors::carve_images(chunk.bytes))
        report(view, sink, chunk, img);
  }

 private:
  void report(const StreamView& view, DetectorSink& sink, const StreamChunk& chunk,
              const detectors::CarvedImage& img) {
    const std::span<const std::uint8_t> bytes(chunk.bytes.data() + img.offset, img.length);
    const std::string hash = sha256_hex(bytes);
    const Decoded& d = decode(hash, bytes);
    const int width = d.ok ? d.width : img.width, height = d.ok ? d.height : img.height;
    const std::uint64_t offset = chunk.offset + img.offset;
    Finding f;
    const bool face = d.ok && d.faces > 0;
    f.kind = face ? "plaintext-face-image" : "plaintext-image";
    f.severity = face ? "fail" : "warn";
    std::string what = !d.ok              ? "that does not decode"
                       : !detect_faces_   ? "(face detection off)"
                       : d.faces == 0     ? "with no face"
                                          : fmt::format("with {} face{}", d.faces, d.faces == 1 ? "" : "s");
    f.description = fmt::format("{} {}x{} {}, {} bytes, {} stream offset {} (frames {})",
                                img.format, width, height, what,
                                traffic::group_thousands(img.length), view.direction(), offset,
                                format_frame_ranges(view.stream.frames_for(offset, img.length)));
    f.details = {{"format", img.format}, {"width", width},  {"height", height},
                 {"decoded", d.ok},      {"faces", d.faces}, {"sha256", hash}};
    nlohmann::json boxes = nlohmann::json::array();
    for (const auto& r : d.boxes) boxes.push_back({r.x, r.y, r.width, r.height});
    f.details["face_boxes"] = boxes;
    sink.report(view, offset, img.length, std::move(f));
  }

  // The same image sent twice (retries, several flows) is decoded once.
  const Decoded& decode(const std::string& hash, std::span<const std::uint8_t> bytes) {
    if (auto it = cache_.find(hash); it != cache_.end()) return it->second;
    Decoded d;
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1,
                      const_cast<std::uint8_t*>(bytes.data()));
    const cv::Mat image = cv::imdecode(buf, cv::IMREAD_COLOR);
    if (!image.empty()) {
      d.ok = true;
      d.width = image.cols;
      d.height = image.rows;
      if (detect_faces_) {
        d.boxes = face_detector().detect(image);
        d.faces = static_cast<int>(d.boxes.size());
      }
    }
    return cache_.emplace(hash, std::move(d)).first->second;
  }

  const FaceDetector& face_detector() {
    if (!faces_) faces_.emplace();  // loading the cascade costs ~100 ms: only when an image shows up
    return *faces_;
  }

  bool detect_faces_;
  std::optional<FaceDetector> faces_;
  std::map<std::string, Decoded> cache_;
};

const StreamDetectorRegistration kRegistration{
    "images", 10, [](const AnalyzeOptions& o) { return std::make_unique<ImagesDetector>(o); }};

}  // namespace
}  // namespace facecert::probes
