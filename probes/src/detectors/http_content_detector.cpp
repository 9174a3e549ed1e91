// Clause 7.0 through HTTP/1.x: parses every clear-text direction into messages, de-chunks and
// decodes bodies, walks JSON/XML/form/multipart values and reports face images (raw or base64),
// identity numbers, credentials and face feature templates. Findings point at the body's (or the
// header line's) stream range, since decoded positions do not map to bytes on the wire.
#include <set>

#include <fmt/format.h>

#include "../http/body_walkers.h"
#include "../http/http_message.h"
#include "base64_text.h"
#include "facecert/probes/hashing.h"
#include "facecert/probes/stream_detector.h"
#include "http_credentials.h"
#include "facecert/probes/identity_numbers.h"
#include "image_carver.h"
#include "image_inspection.h"

namespace facecert::probes {
namespace {

using detectors::CarvedImage;

constexpr std::size_t kMinFeatureNumbers = 128, kMaxFeatureNumbers = 2048;

bool feature_like(std::string_view key) {
  const std::string k = http::lower(key);
  for (const char* w : {"feature", "template", "vector", "embedding", "modeldata", "facemodel", "eigen"})
    if (k.find(w) != std::string::npos) return true;
  return false;
}

// float32, float16 or int8 templates of the usual sizes.
const char* template_layout(std::size_t bytes) {
  for (std::size_t n : {128u, 256u, 512u, 1024u, 2048u}) {
    if (bytes == 4 * n) return "float32";
    if (bytes == 2 * n) return "float16";
    if (bytes == n) return "int8";
  }
  return nullptr;
}

constexpr std::size_t kBlobChars = 1024;  // a base64 run this long is a blob (an image, a template)

bool mostly_text(std::string_view s) {
  const auto head = s.substr(0, 4096);
  std::size_t printable = 0;
  for (unsigned char c : head) printable += (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t' || c >= 0x80;
  return printable * 10 >= head.size() * 9;
}

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class HttpContentDetector final : public StreamDetector {
 public:
  explicit HttpContentDetector(const AnalyzeOptions& o) : inspector_(o) {}

  void scan(const StreamView& view, DetectorSink& sink) override {
    for (const auto& chunk : view.stream.chunks())
      for (const auto& m : http::parse_http_messages(chunk.bytes, chunk.offset)) on_message(view, sink, m);
  }

 private:
  struct Ctx {
    const StreamView& view;
    DetectorSink& sink;
    const http::HttpMessage& msg;
    std::set<std::string> images, numbers;  // reported in this message (sha256 / number)
  };

  std::string place(const StreamView& v, std::uint64_t offset, std::uint64_t length) const {
    return fmt::format("{} stream offset {} (frames {})", v.direction(), offset,
                       format_frame_ranges(v.stream.frames_for(offset, length)));
  }
  std::string body_where(const Ctx& c, std::string_view path) const {
    const std::string coding = c.msg.coding.empty() ? "" : fmt::format(" ({})", c.msg.coding);
    return fmt::format("{}{} body{}, {}", path.empty() ? "" : detectors::mask_identity(path) + " in ",
                       detectors::mask_identity(c.msg.describe()), coding,
                       place(c.view, c.msg.body_offset, c.msg.body_length));
  }
  void report_body(Ctx& c, Finding f, std::string_view path) {
    f.details["path"] = detectors::mask_identity(path);
    f.details["http"] = detectors::mask_identity(c.msg.describe());
    if (!c.msg.coding.empty()) f.details["content_encoding"] = c.msg.coding;
    c.sink.report(c.view, c.msg.body_offset, std::max<std::uint64_t>(c.msg.body_length, 1), std::move(f));
  }

  void on_message(const StreamView& view, DetectorSink& sink, const http::HttpMessage& m) {
    Ctx c{view, sink, m, {}, {}};
    for (const auto& p : m.problems)
      sink.warn(fmt::format("{} {}: {} at stream offset {}: {}", view.flow.summary.text(), view.direction(),
                            detectors::mask_identity(m.describe()), m.offset, p));
    for (const auto& h : m.headers) {
      if (detectors::is_credential_header(h)) {
        const std::string where = fmt::format("header of {}, {}", detectors::mask_identity(m.describe()),
                                              place(view, h.offset, h.length));
        if (auto f = detectors::credential_finding(h, where)) {
          sink.report(view, h.offset, h.length, std::move(*f));
          continue;
        }
      }
      identities(c, h.value, "header:" + h.name, h.offset, h.length);
    }
    if (m.request) identities(c, m.target, "target", m.offset, m.target.size() + m.method.size() + 1);
    if (m.body.empty()) return;
    // Raw images in a body sent as is are the images detector's; de-chunked or decoded bodies
    // are ours (it runs after us and skips what we reported).
    if (m.transformed())
      for (const auto& img : detectors::carve_images(as_bytes(m.body)))
        image(c, img, as_bytes(m.body).subspan(img.offset, img.length), "body",
              "raw bytes at body offset " + std::to_string(img.offset) + " in");
    const std::string media = m.content_type();
    const http::HttpHeader* ct = m.header("Content-Type");
    const bool walked = http::walk_body(media, ct ? std::string_view(ct->value) : std::string_view{}, m.body,
                                        [&](const http::BodyValue& v) { value(c, v); });
    if (!walked && (media.starts_with("text/") || mostly_text(m.body))) value(c, {"body", {}, m.body, 0});
  }

  void value(Ctx& c, const http::BodyValue& v) {
    if (v.numbers > 0) {
      // Real-valued vectors of template size are features wherever they sit; integer arrays (pixel
      // rows, counters, timestamps) only under a feature-like name (int8-quantised templates).
      if (v.numbers >= kMinFeatureNumbers && v.numbers <= kMaxFeatureNumbers && (!v.integers || feature_like(v.key)))
        feature(c, v.path, fmt::format("array of {} numbers", v.numbers), v.numbers, "numbers");
      return;
    }
    // A part that is a whole image (a multipart upload's JPEG) is the images detector's: text
    // scans over its compressed bytes found nothing and cost a tenth of a faces capture's time.
    if (detectors::walk_image(as_bytes(v.bytes), 0).status == detectors::WalkStatus::complete) return;
    // Identity numbers are looked for around base64 blobs of image size, not in them (no one writes
    // an ID number inside a kilobyte of base64; scanning them was most of this on a faces capture).
    const auto runs = detectors::find_base64_runs(v.bytes);
    std::size_t text_from = 0;
    for (const auto& run : runs) {
      if (run.length < kBlobChars) continue;
      identities(c, v.bytes.substr(text_from, run.offset - text_from), v.path, 0, 0);
      text_from = run.offset + run.length;
    }
    identities(c, v.bytes.substr(text_from), v.path, 0, 0);
    for (const auto& run : runs) base64(c, v, run);
  }

  void base64(Ctx& c, const http::BodyValue& v, const detectors::Base64Run& run) {
    const auto text = v.bytes.substr(run.offset, run.length);
    const std::string how = run.url_safe ? "URL-safe base64" : "base64";
    for (std::size_t shift = 0; shift < 4; ++shift) {
      const auto decoded = detectors::base64_decode(text, shift);
      if (!decoded) return;
      const auto images = detectors::carve_images(as_bytes(*decoded));
      for (const auto& img : images)
        image(c, img, as_bytes(*decoded).subspan(img.offset, img.length), v.path,
              fmt::format("{}{} at", how, run.media_type.empty() ? "" : " data:" + run.media_type));
      if (!images.empty()) return;
      const bool whole_value = run.offset == 0 &&
                               v.bytes.find_first_not_of('=', run.length) == std::string_view::npos;
      if (shift == 0 && feature_like(v.key) && whole_value)
        if (const char* layout = template_layout(decoded->size())) {
          feature(c, v.path, fmt::format("{} {} bytes ({})", how, decoded->size(), layout), decoded->size(), layout);
          return;
        }
      if (run.length < 1024) return;  // shifted retries only for image-sized runs
    }
  }

  void image(Ctx& c, const CarvedImage& img, std::span<const std::uint8_t> bytes, std::string_view path,
             const std::string& how) {
    const std::string sha = sha256_hex(bytes);
    if (!c.images.insert(sha).second) return;
    const std::string where = how + " " + (path == "body" ? body_where(c, "") : body_where(c, path));
    Finding f = inspector_.finding(sha, img, bytes, where);
    f.details["source"] = path == "body" ? "decoded-body" : "base64";
    report_body(c, std::move(f), path);
  }

  void feature(Ctx& c, std::string_view path, const std::string& what, std::size_t size, const char* layout) {
    Finding f;
    f.kind = "plaintext-face-feature";
    f.severity = "fail";
    f.description = fmt::format("face feature template in clear text: {} at {}", what, body_where(c, path));
    f.details = {{"size", size}, {"layout", layout}};
    report_body(c, std::move(f), path);
  }

  // `offset`/`length` 0: the value sits in the body.
  void identities(Ctx& c, std::string_view text, std::string_view path, std::uint64_t offset,
                  std::uint64_t length) {
    for (const auto& id : detectors::find_identity_numbers(text)) {
      if (!c.numbers.insert(std::string(text.substr(id.offset, id.length))).second) continue;
      const bool resident = id.type == "resident-id";
      Finding f;
      f.kind = "plaintext-identity";
      f.severity = resident ? "fail" : "warn";
      if (c.sink.over_cap(f.kind, f.severity)) continue;
      const char* what = resident ? "resident ID number" : "mobile number";
      f.details = {{"type", id.type}, {"masked", id.masked}};
      if (length == 0) {
        f.description = fmt::format("{} {} in clear text at {}", what, id.masked, body_where(c, path));
        report_body(c, std::move(f), path);
      } else {
        f.details["path"] = detectors::mask_identity(path);
        f.description = fmt::format("{} {} in clear text in the {} of {}, {}", what, id.masked,
                                    detectors::mask_identity(path), detectors::mask_identity(c.msg.describe()),
                                    place(c.view, offset, length));
        c.sink.report(c.view, offset, length, std::move(f));
      }
    }
  }

  detectors::ImageInspector inspector_;
};

const StreamDetectorRegistration kRegistration{
    "http-content", 5, [](const AnalyzeOptions& o) { return std::make_unique<HttpContentDetector>(o); }};

}  // namespace
}  // namespace facecert::probes
