// What the device reports under storage/media: every image file it keeps under DATA, found by
// walking the folder (not from a list kept on the side), with its SHA-256.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace facecert::refdev {

struct MediaFile {
  std::string path;      // relative to DATA
  std::string category;  // enrolment, template, capture, id-document, other
  std::uint64_t size = 0;
  std::string sha256;
  std::string modified;  // ISO 8601 UTC
};

std::vector<MediaFile> list_media(const std::filesystem::path& data_dir);

// Hex SHA-256 of a file's bytes; throws naming the file when unreadable.
std::string sha256_file(const std::filesystem::path& file);
std::string sha256_hex(const std::string& bytes);

}  // namespace facecert::refdev
