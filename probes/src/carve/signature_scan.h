// Finds the offsets where an image may start, at every byte offset, at memory speed. A flash dump
// is mostly erased FF and zero runs, so the scan looks for byte pairs that are rare there: FF D8
// (JPEG), 89 'P' (PNG), 'B' 'M' (BMP), 'R' 'I' (RIFF/WebP), '/' '9' and 'i' 'V' (base64 of a JPEG
// or PNG). Each hit is then checked by walking the structure (image_carver).
#pragma once

#include <cstddef>
#include <cstdint>

namespace facecert::probes::carve {

// The first i in [from, end) where (p[i], p[i+1]) is one of the pairs; `end` when there is none.
// p[end] must be readable (the second byte of the last pair).
std::size_t next_signature(const std::uint8_t* p, std::size_t from, std::size_t end);

}  // namespace facecert::probes::carve
