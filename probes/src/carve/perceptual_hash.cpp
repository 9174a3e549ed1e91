// Known samples (the images the harness presented) and the 64-bit DCT perceptual hash that finds
// them again after a device re-encoded or rescaled them (6.1.2: "the image" is the picture, not
// the bytes the harness sent).
#include <algorithm>
#include <bit>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/hashing.h"
#include "facecert/probes/media_io.h"
#include "facecert/probes/storage_carver.h"

namespace facecert::probes {

std::optional<std::uint64_t> perceptual_hash(const std::vector<std::uint8_t>& encoded) {
  if (encoded.empty()) return std::nullopt;
  const cv::Mat buf(1, static_cast<int>(encoded.size()), CV_8UC1, const_cast<std::uint8_t*>(encoded.data()));
  // 1/4 scale is plenty for a 32x32 hash and four times cheaper to decode for JPEG.
  cv::Mat grey = facecert::media::imdecode(buf, cv::IMREAD_REDUCED_GRAYSCALE_4);
  if (grey.empty() || grey.cols < 8 || grey.rows < 8) grey = facecert::media::imdecode(buf, cv::IMREAD_GRAYSCALE);
  if (grey.empty()) return std::nullopt;
  cv::Mat small, f, dct;
  cv::resize(grey, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  small.convertTo(f, CV_32F);
  cv::dct(f, dct);
  // The 8x8 lowest frequencies; one bit per coefficient: above the median of the 63 AC terms.
  std::vector<float> ac;
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      if (x || y) ac.push_back(dct.at<float>(y, x));
  std::nth_element(ac.begin(), ac.begin() + 31, ac.end());
  const float median = ac[31];
  std::uint64_t h = 0;
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) h = h << 1 | (dct.at<float>(y, x) > median ? 1u : 0u);
  return h;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

KnownSample known_sample_from_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CarveInputError(fmt::format("{}: cannot read the known sample", file.string()));
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto phash = perceptual_hash(bytes);
  if (!phash) throw CarveInputError(fmt::format("{}: known sample does not decode as an image", file.string()));
  return {file, sha256_hex(std::span<const std::uint8_t>(bytes)), *phash};
}

std::vector<KnownSample> known_samples_from(const std::filesystem::path& file_or_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(file_or_dir, ec)) return {known_sample_from_file(file_or_dir)};
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(file_or_dir, ec))
    if (e.is_regular_file(ec)) files.push_back(e.path());
  if (ec) throw CarveInputError(fmt::format("{}: cannot list known samples: {}", file_or_dir.string(), ec.message()));
  std::sort(files.begin(), files.end());
  std::vector<KnownSample> out;
  for (const auto& f : files) {
    try {
      out.push_back(known_sample_from_file(f));
    } catch (const CarveInputError&) {
      // not an image (a manifest beside the samples): skipped
    }
  }
  if (out.empty()) throw CarveInputError(fmt::format("{}: no image to use as a known sample", file_or_dir.string()));
  return out;
}

}  // namespace facecert::probes
