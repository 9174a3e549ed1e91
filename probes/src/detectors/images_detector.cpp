// Clause 7.0: a face image must not cross the network in clear text. Carves images out of every
// clear-text stream, decodes them and looks for faces: a face -> fail, any other image -> warn.
#include <fmt/format.h>

#include "facecert/probes/hashing.h"
#include "facecert/probes/stream_detector.h"
#include "image_carver.h"
#include "image_inspection.h"

namespace facecert::probes {
namespace {

class ImagesDetector final : public StreamDetector {
 public:
  explicit ImagesDetector(const AnalyzeOptions& options) : inspector_(options) {}

  void scan(const StreamView& view, DetectorSink& sink) override {
    for (const auto& chunk : view.stream.chunks())
      for (const auto& img : detectors::carve_images(chunk.bytes)) {
        const std::span<const std::uint8_t> bytes(chunk.bytes.data() + img.offset, img.length);
        const std::uint64_t offset = chunk.offset + img.offset;
        if (reported_by_body_detector(view, sink, offset, img.length)) continue;
        const std::string where =
            fmt::format("{} stream offset {} (frames {})", view.direction(), offset,
                        format_frame_ranges(view.stream.frames_for(offset, img.length)));
        sink.report(view, offset, img.length, inspector_.finding(sha256_hex(bytes), img, bytes, where));
      }
  }

 private:
  // The HTTP content detector (run first) reports images of de-chunked/decoded bodies over the
  // body's range; carving the same bytes again here would report one image twice.
  static bool reported_by_body_detector(const StreamView& view, const DetectorSink& sink,
                                        std::uint64_t offset, std::uint64_t length) {
    const std::string flow = view.flow.summary.text();
    for (const auto& f : sink.flow_findings())
      if (f.details.value("source", "") == "decoded-body" && f.flow == flow && f.direction == view.direction() &&
          f.stream_offset < offset + length && offset < f.stream_offset + f.length)
        return true;
    return false;
  }

  detectors::ImageInspector inspector_;  // the same image sent twice is decoded once
};

const StreamDetectorRegistration kRegistration{
    "images", 10, [](const AnalyzeOptions& o) { return std::make_unique<ImagesDetector>(o); }};

}  // namespace
}  // namespace facecert::probes
