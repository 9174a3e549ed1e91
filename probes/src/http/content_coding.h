// Content-Encoding decoders for HTTP bodies, bounded against decompression bombs.
#pragma once

#include <string>
#include <string_view>

namespace facecert::probes::http {

struct DecodeResult {
  std::string bytes;   // what was decoded (possibly partial)
  bool complete = false;
  std::string problem; // empty when complete; one line otherwise
};

// coding: "gzip", "x-gzip", "deflate" (zlib or raw), "br". Stops at `max_out` bytes or when the
// output passes 1 MiB at more than `max_ratio` times the input consumed.
DecodeResult decode_content(std::string_view coding, std::string_view in, std::size_t max_out,
                            std::size_t max_ratio);
bool known_coding(std::string_view coding);

}  // namespace facecert::probes::http
