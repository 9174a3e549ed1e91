#include "facecert/probes/face_detector.h"

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
                                        int min_neighbors, int min_size) const {
  std::vector<cv::Rect> faces;
  std::lock_guard<std::mutex> lock(mu_);
  classifier.detectMultiScale(small, faces, scale_factor, min_neighbors, 0, cv::Size(min_size, min_size));
  return faces;
}

FaceDetector::Screening FaceDetector::screen_encoded(std::span<const std::uint8_t> bytes, bool jpeg, int width,
                                                     int height, bool thorough) const {
  Screening out;
  if (bytes.empty()) return out;
  const int second_side = thorough ? kMaxSide : 160;
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
  // Measured on bench/capgen's faces capture (683 distinct images): this first pass alone finds
  // 557 faces; 200 px / 1.15 finds 561 at 1.5x the cost, and a 400 px second pass 2 more at 2x.
  // The LBP cascade goes first: about 4x cheaper than the Haar cascade, it finds most face crops
  // (264 of the 288 Haar finds on 300 varied crops of the demo faces) and no false face on 210
  // crops of the other demo photos; only what it does not find costs a Haar search.
  double scale = 1.0;
  const cv::Mat small = shrink(grey, 160, scale);
  if (!lbp_.empty()) out.faces = unscale(run(lbp_, small, 1.2, 3, 24), scale);
  if (out.faces.empty()) out.faces = unscale(run(cascade_, small, 1.2, 4, 24), scale);
  if (thorough && out.faces.empty() && std::max(grey.cols, grey.rows) > 160)
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
