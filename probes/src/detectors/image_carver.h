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
  int width = 0, height = 0;  // from the headers; 0 when not read there
};

// Non-overlapping, in order of offset; an image inside a carved image (EXIF thumbnail) is not
// reported separately.
std::vector<CarvedImage> carve_images(std::span<const std::uint8_t> bytes);

// One structure walk, for callers that also want what is left of an image that does not complete
// (storage carving, 6.1.2: a fragment of a deleted photo is still evidence).
enum class WalkStatus {
  none,       // no image starts here
  complete,   // image.length is the whole image
  truncated,  // the bytes end before the image does: more bytes may complete it
  broken,     // a JPEG whose header and scan data were valid, then bytes that cannot be JPEG
};
struct ImageWalk {
  WalkStatus status = WalkStatus::none;
  // truncated/broken: image.length is the recoverable part (header and valid scan data; JPEG
  // only, 0 when the frame header or the scan never started).
  CarvedImage image;
  // JPEG: the first APP1 "Exif" segment's payload (where an EXIF thumbnail lives); 0 when none.
  std::size_t exif_offset = 0, exif_length = 0;
  // JPEG: where the first scan's entropy-coded data starts (what tells two images of one encoder
  // apart: their headers can be byte-identical); 0 when not reached.
  std::size_t scan_offset = 0;
};
// Walks the image whose magic number is at `start` (JPEG FF D8 FF, PNG, BMP, RIFF/WEBP).
ImageWalk walk_image(std::span<const std::uint8_t> bytes, std::size_t start);

}  // namespace facecert::probes::detectors
