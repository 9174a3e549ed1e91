#include "face_template.h"

#include <cmath>
#include <stdexcept>

#include <opencv2/face.hpp>

namespace facecert::refdev {
namespace {

void l2_normalise(std::vector<float>& v) {
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (float& x : v) x = static_cast<float>(x / norm);
}

}  // namespace

std::vector<float> lbph_histogram(const cv::Mat& face) {
  // Same LBPH setup as the recogniser (face_engine.cpp): radius 1, 8 neighbours, 8x8 cells.
  auto model = cv::face::LBPHFaceRecognizer::create(1, 8, 8, 8);
  model->train(std::vector<cv::Mat>{face}, std::vector<int>{0});
  const auto histograms = model->getHistograms();
  if (histograms.empty()) throw std::runtime_error("LBPH produced no histogram");
  cv::Mat hist;
  histograms.front().convertTo(hist, CV_32F);
  hist = hist.reshape(1, 1);
  if (hist.cols != kLbphCells * kLbphBins)
    throw std::runtime_error("LBPH histogram of an unexpected size");
  const auto* h = hist.ptr<float>(0);
  return {h, h + hist.cols};
}

std::vector<float> face_template(const cv::Mat& face, std::uint64_t seed) {
  const auto hist = lbph_histogram(face);
  const int n = static_cast<int>(hist.size());
  // Sparse random projection (Achlioptas): entries +1/-1 with equal odds, regenerated from the
  // seed row by row instead of keeping a 512 x 16384 matrix.
  cv::RNG rng(seed);
  std::vector<float> out(kTemplateDims, 0.0f);
  for (int r = 0; r < kTemplateDims; ++r) {
    double acc = 0;
    for (int c = 0; c < n; c += 32) {
      unsigned bits = rng.next();
      for (int k = 0; k < 32 && c + k < n; ++k, bits >>= 1)
        acc += (bits & 1u) ? hist[static_cast<std::size_t>(c + k)]
                           : -hist[static_cast<std::size_t>(c + k)];
    }
    out[static_cast<std::size_t>(r)] = static_cast<float>(acc);
  }
  l2_normalise(out);
  return out;
}

std::vector<float> protection_features(const cv::Mat& face) {
  auto f = lbph_histogram(face);
  for (float& x : f) x = std::sqrt(std::max(x, 0.0f));
  for (int bin = 0; bin < kLbphBins; ++bin) {
    double mean = 0;
    for (int cell = 0; cell < kLbphCells; ++cell) mean += f[static_cast<std::size_t>(cell * kLbphBins + bin)];
    mean /= kLbphCells;
    for (int cell = 0; cell < kLbphCells; ++cell)
      f[static_cast<std::size_t>(cell * kLbphBins + bin)] -= static_cast<float>(mean);
  }
  l2_normalise(f);
  return f;
}

std::uint64_t template_seed(const std::string& serial) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char ch : serial) h = (h ^ ch) * 1099511628211ull;
  return h;
}

}  // namespace facecert::refdev
