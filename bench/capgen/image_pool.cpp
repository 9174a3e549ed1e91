#include "image_pool.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "facecert/datasets/demo_media.h"
#include "rng.h"

namespace facecert::capgen {
namespace {

constexpr std::size_t kBatch = 64;

// Where the face is, found once with the same Haar cascade facecert uses (demo/PROVENANCE.md:
// exactly one face in each face photo).
cv::Rect find_face(const cv::Mat& image, const std::string& name) {
  cv::CascadeClassifier cascade;
  const std::string file = std::string(FACECERT_CASCADE_DIR) + "/haarcascade_frontalface_default.xml";
  if (!cascade.load(file)) throw std::runtime_error(fmt::format("{}: cannot load the face cascade", file));
  cv::Mat grey;
  cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  std::vector<cv::Rect> faces;
  cascade.detectMultiScale(grey, faces, 1.1, 5, 0, cv::Size(30, 30));
  if (faces.empty()) throw std::runtime_error(fmt::format("{}: no face found in the demo photo", name));
  return *std::max_element(faces.begin(), faces.end(), [](auto& a, auto& b) { return a.area() < b.area(); });
}

cv::Rect clamp_rect(cv::Rect r, const cv::Size& s) {
  r.width = std::min(r.width, s.width);
  r.height = std::min(r.height, s.height);
  r.x = std::clamp(r.x, 0, s.width - r.width);
  r.y = std::clamp(r.y, 0, s.height - r.height);
  return r;
}

}  // namespace

ImagePool::ImagePool(std::uint64_t seed, unsigned threads) : seed_(seed), threads_(std::max(1u, threads)) {
  cv::setNumThreads(1);  // our own threads make images in parallel; results do not depend on them
  for (const char* name : {"astronaut.jpg", "messi5.jpg"}) {
    cv::Mat img = datasets::load_demo_image(name);
    face_sources_.push_back({img, find_face(img, name)});
  }
  for (const char* name : {"fruits.jpg", "baboon.jpg", "building.jpg"})
    other_sources_.push_back({datasets::load_demo_image(name), {}});
}

std::string ImagePool::make(Kind kind, std::size_t i) const {
  Rng rng(Rng::mix(seed_ ^ (kind == Kind::Face ? 0xFACEull : 0x07E4ull)) ^ Rng::mix(i + 1));
  cv::Mat out;
  if (kind == Kind::Face) {
    // Face crops as face-capture cameras send them: the face and some context, the face 60-220 px.
    const Source& src = face_sources_[rng.below(face_sources_.size())];
    const cv::Rect f = src.face;
    const double context = rng.uniform(1.5, 4.0);
    const double aspect = rng.uniform(0.8, 1.35);  // height / width
    const int w = static_cast<int>(f.width * context);
    const int h = static_cast<int>(w * aspect);
    const int cx = f.x + f.width / 2 + static_cast<int>(rng.uniform(-0.15, 0.15) * f.width);
    const int cy = f.y + f.height / 2 + static_cast<int>(rng.uniform(-0.10, 0.20) * f.height);
    const cv::Rect crop = clamp_rect({cx - w / 2, cy - h / 2, w, h}, src.image.size());
    double scale = rng.uniform(60.0, 220.0) / f.width;
    scale = std::min(scale, 900.0 / std::max(crop.width, crop.height));
    cv::resize(src.image(crop), out, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  } else {
    const Source& src = other_sources_[rng.below(other_sources_.size())];
    const double part = rng.uniform(0.45, 1.0);
    const int w = static_cast<int>(src.image.cols * part), h = static_cast<int>(src.image.rows * part);
    const cv::Rect crop(static_cast<int>(rng.below(static_cast<std::uint64_t>(src.image.cols - w + 1))),
                        static_cast<int>(rng.below(static_cast<std::uint64_t>(src.image.rows - h + 1))), w, h);
    const double scale = rng.uniform(320.0, 960.0) / w;
    cv::resize(src.image(crop), out, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  }
  // Light, small shift/scale and sensor noise (the harness's own variation), then the camera's
  // JPEG quality.
  out = datasets::vary(out, static_cast<std::uint32_t>(rng.next()));
  const auto jpeg = datasets::encode_jpeg(out, static_cast<int>(rng.range(60, 95)));
  return std::string(jpeg.begin(), jpeg.end());
}

const std::string& ImagePool::get(Kind kind, std::size_t i) {
  auto& pool = kind == Kind::Face ? faces_ : others_;
  while (i >= pool.size()) {
    const std::size_t first = pool.size();
    std::vector<std::string> batch(kBatch);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t k; (k = next++) < kBatch;) batch[k] = make(kind, first + k);
    };
    std::vector<std::thread> pool_threads;
    for (unsigned t = 1; t < threads_; ++t) pool_threads.emplace_back(work);
    work();
    for (auto& t : pool_threads) t.join();
    for (auto& b : batch) {
      bytes_ += b.size();
      pool.push_back(std::move(b));
    }
  }
  return pool[i];
}

}  // namespace facecert::capgen
