// Distinct JPEGs made from the demo photographs (spoof-datasets/demo): every image is a new crop,
// scale, light, noise and JPEG quality, so no two images in a capture are the same bytes or the
// same pixels (real traffic never repeats a face crop; an analyser cache must not flatter it).
// Image i depends only on (seed, kind, i); batches are made on both cores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::capgen {

class ImagePool {
 public:
  enum class Kind { Face, NonFace };
  ImagePool(std::uint64_t seed, unsigned threads);
  // The i-th image of this kind (made on first use, in batches).
  const std::string& get(Kind kind, std::size_t i);
  std::size_t made() const { return faces_.size() + others_.size(); }
  std::uint64_t bytes() const { return bytes_; }

 private:
  struct Source {
    cv::Mat image;
    cv::Rect face;  // empty for non-face photos
  };
  std::string make(Kind kind, std::size_t i) const;
  std::uint64_t seed_;
  unsigned threads_;
  std::vector<Source> face_sources_, other_sources_;
  std::vector<std::string> faces_, others_;
  std::uint64_t bytes_ = 0;
};

}  // namespace facecert::capgen
