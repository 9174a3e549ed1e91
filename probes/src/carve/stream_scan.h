// The carving engine over one byte source: reads it in chunks, looks at every offset where an image
// signature starts (signature_scan), walks the structure there, and re-reads a larger window when an
// image runs past the chunk (up to the longest image allowed). Memory: one chunk and one window.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "../detectors/image_carver.h"
#include "byte_source.h"

namespace facecert::probes::carve {

struct ScanHit {
  std::uint64_t offset = 0, length = 0;  // in the source (base64: of the text run)
  detectors::CarvedImage image;          // format, width, height (offset/length as decoded)
  bool partial = false;
  std::string container;                 // raw, exif-thumbnail, base64
  std::span<const std::uint8_t> bytes;   // the image (decoded for base64); valid during the call
  std::size_t header_length = 0;         // JPEG: bytes before the entropy-coded data; else 0
};

struct ScanLimits {
  std::size_t chunk_bytes = 8u << 20;
  std::size_t max_image_bytes = 64u << 20;
};

using HitSink = std::function<void(const ScanHit&)>;
using ScanProgress = std::function<void(std::uint64_t bytes_done)>;

// Hits in order of offset (an EXIF thumbnail right after its JPEG). Throws on read errors.
void scan_source(const ByteSource& source, const ScanLimits& limits, const HitSink& on_hit,
                 const ScanProgress& on_progress = {});

}  // namespace facecert::probes::carve
