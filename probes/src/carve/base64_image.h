// A base64 image in text (JSON, XML, logs): a run starting with "/9j/" (a JPEG's FF D8 FF) or
// "iVBORw0KGgo" (the PNG signature), lines optionally wrapped (MIME/PEM style), decoded and walked
// like any other image.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "../detectors/image_carver.h"

namespace facecert::probes::carve {

struct Base64Image {
  bool run_cut = false;          // the run reaches the end of the bytes: more text may follow
  std::size_t text_length = 0;   // characters of the run, line breaks included
  std::vector<std::uint8_t> decoded;
  detectors::ImageWalk walk;     // of `decoded` at 0
};

bool base64_image_magic(std::span<const std::uint8_t> bytes, std::size_t pos);

// The run at `pos` (where base64_image_magic holds), at most `max_chars` long.
Base64Image base64_image_at(std::span<const std::uint8_t> bytes, std::size_t pos, std::size_t max_chars);

}  // namespace facecert::probes::carve
