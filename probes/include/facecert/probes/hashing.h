// SHA-256 (OpenSSL EVP): evidence manifests, plan fingerprints, image identity in captures and on
// devices. One implementation for every folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace facecert::probes {

std::string sha256_hex(std::string_view bytes);
std::string sha256_hex(std::span<const std::uint8_t> bytes);
// Streams the file; throws std::runtime_error naming it when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace facecert::probes
