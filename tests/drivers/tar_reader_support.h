// Test support: a strict ustar reader (checks every header's magic and checksum) to look inside
// the refdev storage dumps, and byte search helpers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::testing {

struct TarEntry {
  std::string path;  // prefix/name, directories end with '/'
  char type = '0';   // '0' file, '5' directory
  std::string content;
};

// Throws std::runtime_error naming the offset of the first bad header.
std::vector<TarEntry> read_tar(const std::string& archive);
const TarEntry* find_entry(const std::vector<TarEntry>& entries, std::string_view path);
bool contains(std::string_view haystack, std::string_view needle);
std::string as_text(const std::vector<std::uint8_t>& bytes);
// `tar -tvf FILE` by GNU tar: its listing followed by "exit N" (its exit status).
std::string gnu_tar_listing(const std::filesystem::path& file);

}  // namespace facecert::testing
