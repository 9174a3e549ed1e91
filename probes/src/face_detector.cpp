#include "facecert/probes/face_detector.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <turbojpeg.h>

#include "facecert/probes/media_io.h"

namespace facecert::probes {
namespace {
// Searching a big photo at full size costs time and finds nothing more for faces of >= 30 px at
// this scale; images are shrunk so that the longer side is at most this.
constexpr int kMaxSide = 640;

// The screening (screen_encoded), measured with bench/face_screen_bench.cpp on capgen's face crops
// and other photos (3 seeds). The cascades cost per window searched (about 0.15 us LBP, 0.5 us
// Haar on the 2-core dev machine), not per call, so the first pass searches few windows: LBP at a
// 112-pixel side, scale step 1.2, all raw hits (at 96 px too many face crops gave no hit at all).
// A 24-pixel window at 112 px means faces of >= 21% of the longer side: what face-capture
// cameras' crops are (the face with some context); faces smaller in the frame are scenes, which
// `thorough` searches.
constexpr int kCandidateSide = 112;
constexpr double kCandidateStep = 1.2;
// Three raw hits that OpenCV's grouping puts together (minNeighbors 2 at 112 px) are a face:
// no false face on 600 other photos of three pool seeds. Two are not trusted (at 96 px, two gave
// false faces on those photos): a hit without that support is verified instead.
constexpr int kAcceptHits = 3;
// Verification: the former screening's stages (LBP, 3 neighbours, then Haar, 4) in a region around
// a hit at the 160-pixel side, the face there scaled to at most 40 px (OpenCV steps a window by 1
// instead of 2 pixels beyond twice the window's size, so larger faces cost 4x more), for the
// best-supported hits only (a face gives many overlapping hits; verifying 8 found 1 more in 600).
constexpr int kVerifySide = 160;
constexpr int kVerifyFace = 40;
constexpr double kVerifyStep = 1.15;
constexpr std::size_t kMaxVerified = 4;

// A JPEG in grey, scaled by 1/reduction while decoding, straight through libjpeg-turbo: the
// traffic analyser decodes thousands a second, and OpenCV's decoder would load the media module
// (media_io.h: 0.1 s of library loading) for it. Unlike cv::imdecode, no EXIF orientation is
// applied: a face turned on its side is not found (face-capture cameras send upright crops).
// Empty when libjpeg-turbo refuses the data.
cv::Mat decode_jpeg_grey(std::span<const std::uint8_t> bytes, int reduction) {
  struct Handle {
    tjhandle h = tjInitDecompress();
    ~Handle() {
      if (h) tjDestroy(h);
    }
  };
  thread_local Handle decoder;
  if (!decoder.h || bytes.size() > static_cast<std::size_t>(std::numeric_limits<unsigned long>::max())) return {};
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  const auto size = static_cast<unsigned long>(bytes.size());
  if (tjDecompressHeader3(decoder.h, bytes.data(), size, &width, &height, &subsampling, &colorspace) != 0) return {};
  const tjscalingfactor factor{1, reduction};
  const int w = TJSCALED(width, factor), h = TJSCALED(height, factor);
  if (w <= 0 || h <= 0) return {};
  cv::Mat grey(h, w, CV_8UC1);
  // A warning (corrupt data the decoder went past) still gives an image, as with cv::imdecode.
  if (tjDecompress2(decoder.h, bytes.data(), size, grey.data, w, static_cast<int>(grey.step), h, TJPF_GRAY, 0) != 0 &&
      tjGetErrorCode(decoder.h) == TJERR_FATAL)
    return {};
  return grey;
}

// Hits ordered by how many other hits have their centre inside them, most first.
std::vector<cv::Rect> by_support(const std::vector<cv::Rect>& hits) {
  std::vector<std::pair<int, cv::Rect>> ranked;
  ranked.reserve(hits.size());
  for (const cv::Rect& h : hits) {
    int support = 0;
    for (const cv::Rect& o : hits) support += h.contains(cv::Point(o.x + o.width / 2, o.y + o.height / 2));
    ranked.emplace_back(support, h);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<cv::Rect> out;
  out.reserve(ranked.size());
  for (const auto& [support, r] : ranked) out.push_back(r);
  return out;
}

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
  // The screening's first stage, beside the Haar cascade in opencv-data; without it every image
  // goes to the Haar cascade.
  const auto lbp = cascade.parent_path().parent_path() / "lbpcascades" / "lbpcascade_frontalface.xml";
  if (std::filesystem::exists(lbp)) lbp_.load(lbp.string());
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
  return search(grey, kMaxSide, 1.1, 5, 30);
}

std::vector<cv::Rect> FaceDetector::search(const cv::Mat& grey, int max_side, double scale_factor,
                                           int min_neighbors, int min_size) const {
  double scale = 1.0;
  const cv::Mat small = shrink(grey, max_side, scale);
  return unscale(run(cascade_, small, scale_factor, min_neighbors, min_size), scale);
}

cv::Mat FaceDetector::shrink(const cv::Mat& grey, int max_side, double& scale) {
  scale = 1.0;
  const int side = std::max(grey.cols, grey.rows);
  if (side <= max_side) return grey;
  scale = static_cast<double>(max_side) / side;
  cv::Mat small;
  cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

std::vector<cv::Rect> FaceDetector::unscale(std::vector<cv::Rect> faces, double scale) {
  for (auto& r : faces)
    r = cv::Rect(cvRound(r.x / scale), cvRound(r.y / scale), cvRound(r.width / scale), cvRound(r.height / scale));
  return faces;
}

std::vector<cv::Rect> FaceDetector::run(cv::CascadeClassifier& classifier, const cv::Mat& small, double scale_factor,
                                        int min_neighbors, int min_size, int max_size) const {
  std::vector<cv::Rect> faces;
  std::lock_guard<std::mutex> lock(mu_);
  classifier.detectMultiScale(small, faces, scale_factor, min_neighbors, 0, cv::Size(min_size, min_size),
                              cv::Size(max_size, max_size));
  return faces;
}

std::vector<cv::Rect> FaceDetector::screen(const cv::Mat& grey) const {
  double mid_scale = 1.0;
  if (lbp_.empty()) return unscale(run(cascade_, shrink(grey, kVerifySide, mid_scale), 1.2, 4, 24), mid_scale);
  double scale = 1.0;
  const cv::Mat small = shrink(grey, kCandidateSide, scale);  // straight from the decode: one resize
  const std::vector<cv::Rect> hits = run(lbp_, small, kCandidateStep, 0, 24);  // 0: raw, ungrouped
  if (hits.empty()) return {};
  std::vector<cv::Rect> groups = hits;
  cv::groupRectangles(groups, kAcceptHits - 1, 0.2);  // 0.2: detectMultiScale's own grouping
  if (!groups.empty()) return unscale(std::move(groups), scale);
  const cv::Mat mid = shrink(grey, kVerifySide, mid_scale);  // only now: most images end above
  const std::vector<cv::Rect> ranked = by_support(unscale(hits, scale / mid_scale));  // in `mid`
  const cv::Rect whole(0, 0, mid.cols, mid.rows);
  for (std::size_t i = 0; i < std::min(ranked.size(), kMaxVerified); ++i) {
    const cv::Rect& f = ranked[i];
    const int m = f.width / 2;
    const cv::Rect roi = cv::Rect(f.x - m, f.y - m, f.width + 2 * m, f.height + 2 * m) & whole;
    const double k = f.width > kVerifyFace ? static_cast<double>(kVerifyFace) / f.width : 1.0;
    cv::Mat region = mid(roi);
    if (k < 1) cv::resize(mid(roi), region, cv::Size(), k, k, cv::INTER_AREA);
    const int w = cvRound(f.width * k), lo = std::max(24, w * 2 / 3), hi = std::max(lo, w * 3 / 2);
    auto found = run(lbp_, region, kVerifyStep, 3, lo, hi);
    if (found.empty()) found = run(cascade_, region, kVerifyStep, 4, lo, hi);
    if (found.empty()) continue;
    for (auto& r : found)
      r = cv::Rect(roi.x + cvRound(r.x / k), roi.y + cvRound(r.y / k), cvRound(r.width / k), cvRound(r.height / k));
    return unscale(std::move(found), mid_scale);
  }
  return {};
}

FaceDetector::Screening FaceDetector::screen_encoded(std::span<const std::uint8_t> bytes, bool jpeg, int width,
                                                     int height, bool thorough) const {
  Screening out;
  if (bytes.empty()) return out;
  const int second_side = thorough ? kMaxSide : kVerifySide;
  // Decode no larger than the second pass needs: libjpeg scales by 1/2, 1/4, 1/8 while decoding.
  int flags = cv::IMREAD_GRAYSCALE, reduction = 1;
  if (jpeg && width > 0 && height > 0) {
    const int side = std::max(width, height);
    for (const auto& [r, f] : {std::pair{8, cv::IMREAD_REDUCED_GRAYSCALE_8}, std::pair{4, cv::IMREAD_REDUCED_GRAYSCALE_4},
                              std::pair{2, cv::IMREAD_REDUCED_GRAYSCALE_2}})
      if (side / r >= second_side) {
        flags = f;
        reduction = r;
        break;
      }
  }
  cv::Mat grey = jpeg ? decode_jpeg_grey(bytes, reduction) : cv::Mat();
  if (grey.empty()) {  // not a JPEG, or one libjpeg-turbo's simple API does not take (CMYK ...)
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
    grey = facecert::media::imdecode(buf, flags);
  }
  if (grey.empty()) return out;
  out.decoded = true;
  out.width = reduction == 1 ? grey.cols : width;
  out.height = reduction == 1 ? grey.rows : height;
  // About 1/3 of the former screening's CPU (LBP then Haar at 160 px on the whole image) for 97%
  // or more of its finds and no more false faces: bench/face_screen_bench.cpp, constants above.
  out.faces = screen(grey);
  if (thorough && out.faces.empty() && std::max(grey.cols, grey.rows) > kVerifySide)
    out.faces = search(grey, kMaxSide, 1.1, 5, 30);
  if (reduction != 1)
    for (auto& r : out.faces) r = cv::Rect(r.x * reduction, r.y * reduction, r.width * reduction, r.height * reduction);
  return out;
}

int FaceDetector::count_faces_encoded(std::span<const std::uint8_t> bytes) const {
  if (bytes.empty()) return -1;
  cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
  cv::Mat img = facecert::media::imdecode(buf, cv::IMREAD_COLOR);
  if (img.empty()) return -1;
  return static_cast<int>(detect(img).size());
}

}  // namespace facecert::probes
