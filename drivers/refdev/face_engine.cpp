#include "face_engine.h"

#include <algorithm>
#include <mutex>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace facecert::refdev {
namespace {
constexpr double kMargin = 0.10;  // of the face box, each side
}

FaceEngine::FaceEngine() : model_(make_model()) {}

cv::Ptr<cv::face::LBPHFaceRecognizer> FaceEngine::make_model() {
  // radius 1, 8 neighbours, 8x8 cells: OpenCV's defaults, the classic Ahonen et al. setup.
  return cv::face::LBPHFaceRecognizer::create(1, 8, 8, 8);
}

std::optional<cv::Mat> FaceEngine::decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return std::nullopt;
  try {
    cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1,
                const_cast<std::uint8_t*>(bytes.data()));
    cv::Mat img = cv::imdecode(buf, cv::IMREAD_COLOR);
    if (img.empty()) return std::nullopt;
    return img;
  } catch (const cv::Exception&) {
    return std::nullopt;
  }
}

std::optional<cv::Mat> FaceEngine::normalised_face(const cv::Mat& image) const {
  const auto faces = detector_.detect(image);
  if (faces.empty()) return std::nullopt;
  const cv::Rect face = *std::max_element(faces.begin(), faces.end(), [](auto& a, auto& b) {
    return a.area() < b.area();
  });
  const int mx = static_cast<int>(face.width * kMargin);
  const int my = static_cast<int>(face.height * kMargin);
  const cv::Rect crop =
      cv::Rect(face.x - mx, face.y - my, face.width + 2 * mx, face.height + 2 * my) &
      cv::Rect(0, 0, image.cols, image.rows);
  cv::Mat grey;
  cv::cvtColor(image(crop), grey, cv::COLOR_BGR2GRAY);
  cv::Mat sized;
  const int interp = crop.width > kFaceSide ? cv::INTER_AREA : cv::INTER_CUBIC;
  cv::resize(grey, sized, cv::Size(kFaceSide, kFaceSide), 0, 0, interp);
  cv::Mat out;
  cv::equalizeHist(sized, out);
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
