// Base64 (RFC 4648, standard alphabet, padded) for binary values in JSON bodies, such as packed
// face templates.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::drivers::base64 {

std::string encode(std::span<const std::uint8_t> bytes);
// nullopt when `text` is not padded standard base64 (whitespace is not allowed).
std::optional<std::vector<std::uint8_t>> decode(std::string_view text);

}  // namespace facecert::drivers::base64
