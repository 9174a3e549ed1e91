#include "facecert/probes/face_detector.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <turbojpeg.h>

#include "image_shrink.h"
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
  if (!std::filesystem::exists(cascade))
    throw std::runtime_error(
        fmt::format("{}: cannot load the face cascade (install opencv-data or set "
                    "FACECERT_CASCADE_DIR)",
                    cascade.string()));
  haar_ = HaarCascade(cascade);
  // The screening's first stage, beside the Haar cascade in opencv-data; without it every image
  // goes to the Haar cascade.
  const auto lbp = cascade.parent_path().parent_path() / "lbpcascades" / "lbpcascade_frontalface.xml";
  if (std::filesystem::exists(lbp)) lbp_ = LbpCascade(lbp);
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

std::vector<cv::Rect> FaceDetector::search(const cv::Mat& grey, int max_side, double scale_factor, int min_neighbors,
                                           int min_size) const {
  double scale = 1.0;
  const cv::Mat small = shrink(grey, max_side, scale);
  return unscale(run(haar_, small, scale_factor, min_neighbors, min_size), scale);
}

cv::Mat FaceDetector::shrink(const cv::Mat& grey, int max_side, double& scale, Shrink how) {
  scale = 1.0;
  const int side = std::max(grey.cols, grey.rows);
  if (side <= max_side) return grey;
  scale = static_cast<double>(max_side) / side;
  cv::Mat small;
  if (how == Shrink::opencv_area) {
    cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  } else {
    area_shrink(grey, small, scale);
  }
  return small;
}

std::vector<cv::Rect> FaceDetector::unscale(std::vector<cv::Rect> faces, double scale) {
  for (auto& r : faces)
    r = cv::Rect(cvRound(r.x / scale), cvRound(r.y / scale), cvRound(r.width / scale), cvRound(r.height / scale));
  return faces;
}

std::vector<cv::Rect> FaceDetector::run(const HaarCascade& cascade, const cv::Mat& small, double scale_factor,
                                        int min_neighbors, int min_size) {
  return grouped(cascade.windows(small, scale_factor, min_size), min_neighbors);
}

std::vector<cv::Rect> FaceDetector::screen(const cv::Mat& grey) const {
  // Two stages, the second only when the first found nothing (bench/face_screen_bench: 0.83-0.86
  // ms of CPU an image with the decode, 0.57-0.60 for a face crop; 4.5-6.3 for LBP then Haar at
  // 160 px with OpenCV's detector, which also found fewer faces).
  // 1. LBP at a 160-px side (faces of >= 15% of the side: what face-capture crops are), its levels
  //    from the biggest windows down, stopping at the first face (3 agreeing windows, as
  //    detectMultiScale groups them). More windows never turn a face into none (grouping only
  //    merges clusters, and the best supported one is never dropped), so the answer is that of
  //    the whole search; a crop's big face is found on the coarse levels, a small part of the
  //    windows.
  // 2. Where single LBP hits did not add up to a face, the Haar cascade in a small region around
  //    each cluster of hits: the LBP cascade misses faces the Haar one finds (the harness's own
  //    demo photos, a face at about a quarter of the frame), and fires near them. A Haar search of
  //    the whole image costs far more.
  double scale = 1.0;
  const cv::Mat small = shrink(grey, 160, scale, Shrink::own_area);
  if (lbp_.empty()) return unscale(run(haar_, small, 1.2, 4, 24), scale);
  const auto has_face = [](const std::vector<cv::Rect>& hits) { return !grouped(hits, 3).empty(); };
  const std::vector<cv::Rect> hits = lbp_.windows_until(small, 1.2, 24, 0, has_face);
  if (auto faces = grouped(hits, 3); !faces.empty()) return unscale(std::move(faces), scale);
  return unscale(verify_hits(small, hits), scale);
}

std::vector<cv::Rect> FaceDetector::grouped(std::vector<cv::Rect> hits, int min_neighbors) {
  cv::groupRectangles(hits, min_neighbors, 0.2);  // what detectMultiScale does with its windows
  return hits;
}

std::vector<cv::Rect> FaceDetector::verify_hits(const cv::Mat& small, const std::vector<cv::Rect>& hits) const {
  if (hits.empty()) return {};
  std::vector<int> labels;
  const auto clusters = static_cast<std::size_t>(cv::partition(hits, labels, cv::SimilarRects(0.2)));
  struct Cluster {
    int count = 0;
    cv::Point2d centre_sum;
    double side_sum = 0;
  };
  std::vector<Cluster> all(clusters);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    Cluster& c = all[static_cast<std::size_t>(labels[i])];
    ++c.count;
    c.centre_sum += cv::Point2d(hits[i].x + hits[i].width / 2.0, hits[i].y + hits[i].height / 2.0);
    c.side_sum += hits[i].width;
  }
  std::stable_sort(all.begin(), all.end(), [](const Cluster& a, const Cluster& b) { return a.count > b.count; });
  // The six best supported clusters are asked: a photo without a face gives a handful.
  constexpr std::size_t kMaxRegions = 6;
  const cv::Rect frame(0, 0, small.cols, small.rows);
  for (std::size_t k = 0; k < std::min(all.size(), kMaxRegions); ++k) {
    const double side = all[k].side_sum / all[k].count;
    const cv::Point2d mid = all[k].centre_sum * (1.0 / all[k].count);
    // Twice the hits' side around their centre, faces of 0.6x to 1.7x their side, scale steps of
    // 1.1 (1.2 found 29 of the 40 varied demo photos of tests/probes/face_screening_test.cpp, 1.1
    // all 40).
    const cv::Rect region =
        cv::Rect(cvFloor(mid.x - side), cvFloor(mid.y - side), cvCeil(2 * side), cvCeil(2 * side)) & frame;
    if (region.width < 24 || region.height < 24) continue;
    // From the biggest windows down, stopping at a face (4 agreeing), as the LBP search does.
    std::vector<cv::Rect> faces =
        haar_.windows_until(small(region), 1.1, std::max(24, cvFloor(side * 0.6)), cvCeil(side * 1.7),
                            [](const std::vector<cv::Rect>& w) { return !grouped(w, 4).empty(); });
    faces = grouped(std::move(faces), 4);
    if (faces.empty()) continue;
    for (auto& r : faces) r += region.tl();
    return faces;
  }
  return {};
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
    for (const auto& [r, f] :
         {std::pair{8, cv::IMREAD_REDUCED_GRAYSCALE_8}, std::pair{4, cv::IMREAD_REDUCED_GRAYSCALE_4},
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
  out.faces = screen(grey);
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
