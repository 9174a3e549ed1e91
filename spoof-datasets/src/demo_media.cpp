#include "facecert/datasets/demo_media.h"

#include <cstdlib>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"

namespace facecert::datasets {

std::filesystem::path demo_dir() {
  if (const char* env = std::getenv("FACECERT_DEMO_DIR"); env && *env) return env;
  return std::filesystem::path(FACECERT_SOURCE_DIR) / "spoof-datasets" / "demo";
}

cv::Mat load_demo_image(const std::string& name) {
  const auto file = demo_dir() / name;
  cv::Mat img = facecert::media::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty())
    throw std::runtime_error(fmt::format("{}: cannot read demo image (set FACECERT_DEMO_DIR?)",
                                         file.string()));
  return img;
}

cv::Mat vary(const cv::Mat& image, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> shift(-0.03, 0.03), scale(0.95, 1.05),
      gain(0.85, 1.15), bias(-12.0, 12.0);
  const double s = scale(rng);
  const cv::Point2f centre(image.cols / 2.0f, image.rows / 2.0f);
  cv::Mat m = cv::getRotationMatrix2D(centre, 0.0, s);
  m.at<double>(0, 2) += shift(rng) * image.cols;
  m.at<double>(1, 2) += shift(rng) * image.rows;
  cv::Mat out;
  cv::warpAffine(image, out, m, image.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  out.convertTo(out, -1, gain(rng), bias(rng));
  cv::Mat noise(out.size(), CV_16SC3);
  cv::RNG noise_rng(seed);  // not cv::randn: that draws from OpenCV's global generator
  noise_rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(3.0 + (seed % 3)));
  cv::Mat noisy;
  out.convertTo(noisy, CV_16SC3);
  noisy += noise;
  noisy.convertTo(out, CV_8UC3);
  return out;
}

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& image, int quality) {
  std::vector<std::uint8_t> bytes;
  if (!facecert::media::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}))
    throw std::runtime_error("JPEG encoding failed");
  return bytes;
}

}  // namespace facecert::datasets
