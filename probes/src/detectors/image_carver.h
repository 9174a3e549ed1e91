// Finds complete encoded images (JPEG, PNG, BMP, WebP) in a byte buffer by walking their structure
// from the magic number to the end marker, so that a stray FF D8 FF does not count as an image.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace facecert::probes::detectors {

struct CarvedImage {
  std::string format;  // JPEG, PNG, BMP, WebP
  std::size_t offset = 0, length = 0;
  int width = 0, height = 0;  // from the headers; 0 when not read there (WebP)
};

// Non-overlapping, in order of offset; an image inside a carved image (EXIF thumbnail) is not
// reported separately.
std::vector<CarvedImage> carve_images(std::span<const std::uint8_t> bytes);

}  // namespace facecert::probes::detectors
