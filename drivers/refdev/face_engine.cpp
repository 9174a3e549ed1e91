#include "face_engine.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"

namespace facecert::refdev {
namespace {
constexpr double kMargin = 0.10;  // of the face box, each side
}

FaceEngine::FaceEngine() : model_(make_model()) {
  const auto file = probes::FaceDetector::default_cascade_path().parent_path() / "haarcascade_eye.xml";
  if (!eyes_.load(file.string()))
    throw std::runtime_error(fmt::format("{}: cannot load the eye cascade", file.string()));
}

cv::Ptr<cv::face::LBPHFaceRecognizer> FaceEngine::make_model() {
  // radius 1, 8 neighbours, 8x8 cells: OpenCV's defaults, the classic Ahonen et al. setup.
  return cv::face::LBPHFaceRecognizer::create(1, 8, 8, 8);
}

std::optional<cv::Mat> FaceEngine::decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return std::nullopt;
  try {
    cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1,
                const_cast<std::uint8_t*>(bytes.data()));
    cv::Mat img = facecert::media::imdecode(buf, cv::IMREAD_COLOR);
    if (img.empty()) return std::nullopt;
    return img;
  } catch (const cv::Exception&) {
    return std::nullopt;
  }
}

cv::Mat FaceEngine::crop(const cv::Mat& image, const cv::Rect& face) const {
  const int mx = static_cast<int>(face.width * kMargin);
  const int my = static_cast<int>(face.height * kMargin);
  const cv::Rect box =
      cv::Rect(face.x - mx, face.y - my, face.width + 2 * mx, face.height + 2 * my) &
      cv::Rect(0, 0, image.cols, image.rows);
  cv::Mat grey;
  cv::cvtColor(image(box), grey, cv::COLOR_BGR2GRAY);
  cv::Mat sized;
  const int interp = box.width > kFaceSide ? cv::INTER_AREA : cv::INTER_CUBIC;
  cv::resize(grey, sized, cv::Size(kFaceSide, kFaceSide), 0, 0, interp);
  return sized;
}

int FaceEngine::eyes_in(const cv::Mat& face) const {
  std::vector<cv::Rect> eyes;
  std::lock_guard lock(eyes_mu_);
  eyes_.detectMultiScale(face(cv::Rect(0, 0, face.cols, face.rows * 6 / 10)), eyes, 1.1, 3, 0,
                         cv::Size(12, 12));
  return static_cast<int>(std::min<std::size_t>(eyes.size(), 2));
}

std::optional<cv::Mat> FaceEngine::normalised_face(const cv::Mat& image) const {
  const auto faces = detector_.detect(image);
  if (faces.empty()) return std::nullopt;
  // A false detection larger than the face (the largest-face rule took it) seldom has eyes.
  cv::Mat best;
  std::pair<int, int> best_rank{-1, -1};  // (eyes, area)
  for (const auto& face : faces) {
    cv::Mat candidate = crop(image, face);
    const std::pair<int, int> rank{faces.size() > 1 ? eyes_in(candidate) : 0, face.area()};
    if (rank > best_rank) best_rank = rank, best = candidate;
  }
  cv::Mat out;
  cv::equalizeHist(best, out);
  return out;
}

void FaceEngine::set_gallery(const std::vector<std::string>& face_ids,
                             const std::vector<cv::Mat>& faces) {
  auto model = make_model();
  std::vector<int> labels(faces.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int>(i);
  if (!faces.empty()) model->train(faces, labels);
  std::unique_lock lock(mu_);
  model_ = model;
  labels_ = face_ids;
}

void FaceEngine::add_to_gallery(const std::string& face_id, const cv::Mat& face) {
  std::unique_lock lock(mu_);
  model_->update(std::vector<cv::Mat>{face}, std::vector<int>{static_cast<int>(labels_.size())});
  labels_.push_back(face_id);
}

FaceEngine::Match FaceEngine::identify(const cv::Mat& face) const {
  std::shared_lock lock(mu_);
  if (labels_.empty()) return {};
  int label = -1;
  double distance = 0;
  model_->predict(face, label, distance);
  if (label < 0 || static_cast<std::size_t>(label) >= labels_.size()) return {};
  return {labels_[static_cast<std::size_t>(label)], distance};
}

double FaceEngine::compare(const cv::Mat& a, const cv::Mat& b) {
  auto model = make_model();
  model->train(std::vector<cv::Mat>{a}, std::vector<int>{0});
  int label = -1;
  double distance = 0;
  model->predict(b, label, distance);
  return distance;
}

}  // namespace facecert::refdev
