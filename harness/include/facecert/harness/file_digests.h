// SHA-256 and SM3 (GB/T 32905) of a file in one pass, for the signed evidence manifest
// (docs/evidence-integrity.md). Both through OpenSSL 3's EVP API.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace facecert::harness {

struct FileDigests {
  std::uint64_t size = 0;
  std::string sha256, sm3;  // lower-case hex
};

// Streams the file; throws std::runtime_error naming it when it cannot be read.
FileDigests digest_file(const std::filesystem::path& file);
FileDigests digest_bytes(std::span<const std::uint8_t> bytes);

}  // namespace facecert::harness
