// Field-level facts of GA/T 1400 objects: 14-digit times (YYYYMMDDHHMMSS), the view library's
// local time (Asia/Shanghai, UTC+8), image formats by magic bytes, SHA-256 of received images.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace facecert::drivers::viid {

// nullopt when `text` is a valid YYYYMMDDHHMMSS time; otherwise why not (without the field name).
std::optional<std::string> time_problem(std::string_view text);

// YYYYMMDDHHMMSS of `t` in Asia/Shanghai (fixed UTC+8, no daylight saving).
std::string local_time(std::chrono::system_clock::time_point t = std::chrono::system_clock::now());

// "jpeg", "png", "bmp", "gif" from the leading magic bytes; "" when none matches.
std::string image_format(std::span<const std::uint8_t> bytes);

// Whether a GA/T 1400 FileFormat value (Jpeg, Png, Bmp, Gif; any case, jpg too) names `format`.
bool file_format_matches(std::string_view file_format, std::string_view format);

std::string sha256_hex(std::span<const std::uint8_t> bytes);

// `text` cut to `max` characters for quoting in a problem.
std::string quote_value(std::string_view text, std::size_t max = 40);

}  // namespace facecert::drivers::viid
