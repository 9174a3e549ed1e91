// Plain HTTP/1.1 as devices and platforms send it: face-capture uploads (multipart/form-data and
// JSON with a base64 image), image downloads, and JSON API calls with fake identity data.
#pragma once

#include <string>

#include "rng.h"

namespace facecert::capgen {

struct HttpContext {
  std::string host;       // "10.10.0.5:8080"
  std::string device_id;  // "CAM-0042"
  std::uint64_t time_s;   // capture-relative clock for timestamps in bodies
  bool allow_resident_ids = false;  // faces mix: a few synthetic, check-digit-valid IDs in clear
};

std::string face_upload_multipart(Rng& rng, const HttpContext& ctx, const std::string& jpeg);
std::string face_upload_json(Rng& rng, const HttpContext& ctx, const std::string& jpeg);
std::string image_get_request(Rng& rng, const HttpContext& ctx, std::size_t index);
std::string image_response(Rng& rng, const std::string& jpeg);
std::string json_api_request(Rng& rng, const HttpContext& ctx);
std::string json_response(Rng& rng, std::size_t pad_bytes);

// A GB 11643 resident ID from obviously synthetic data: region 990000 (no such province),
// birth date 1900-01-01, a random sequence and the valid check character.
std::string synthetic_resident_id(Rng& rng);
std::string fake_name(Rng& rng);
std::string fake_mobile(Rng& rng);  // 1380000xxxx

}  // namespace facecert::capgen
