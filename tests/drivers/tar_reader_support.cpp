#include "tar_reader_support.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include <sys/wait.h>

#include <fmt/format.h>

namespace facecert::testing {
namespace {

std::string field(const std::string& a, std::size_t at, std::size_t width) {
  std::string s = a.substr(at, width);
  return s.substr(0, s.find('\0'));
}

std::uint64_t octal(const std::string& a, std::size_t at, std::size_t width) {
  const std::string s = field(a, at, width);
  std::size_t used = 0;
  const auto v = std::stoull(s, &used, 8);
  if (used == 0) throw std::runtime_error(fmt::format("tar: bad octal field at {}", at));
  return v;
}

}  // namespace

std::vector<TarEntry> read_tar(const std::string& a) {
  if (a.size() % 512 != 0) throw std::runtime_error("tar: size is not a multiple of 512");
  std::vector<TarEntry> out;
  for (std::size_t at = 0; at + 512 <= a.size();) {
    if (a.find_first_not_of('\0', at) >= at + 512) return out;  // end-of-archive block
    if (a.compare(at + 257, 6, std::string("ustar\0", 6)) != 0)
      throw std::runtime_error(fmt::format("tar: no ustar magic at {}", at));
    unsigned sum = 0;
    for (std::size_t i = 0; i < 512; ++i)
      sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(a[at + i]);
    if (octal(a, at + 148, 8) != sum)
      throw std::runtime_error(fmt::format("tar: bad checksum at {}", at));
    TarEntry e;
    const std::string prefix = field(a, at + 345, 155);
    e.path = (prefix.empty() ? "" : prefix + "/") + field(a, at + 0, 100);
    e.type = a[at + 156];
    const auto size = octal(a, at + 124, 12);
    if (at + 512 + size > a.size()) throw std::runtime_error(fmt::format("tar: truncated at {}", at));
    e.content = a.substr(at + 512, size);
    out.push_back(std::move(e));
    at += 512 + (size + 511) / 512 * 512;
  }
  throw std::runtime_error("tar: no end-of-archive marker");
}

const TarEntry* find_entry(const std::vector<TarEntry>& entries, std::string_view path) {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const TarEntry& e) { return e.path == path; });
  return it == entries.end() ? nullptr : &*it;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

std::string as_text(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

std::string gnu_tar_listing(const std::filesystem::path& file) {
  std::string listing;
  if (FILE* p = ::popen(fmt::format("tar -tvf '{}' 2>&1", file.string()).c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) listing += buf;
    const int status = ::pclose(p);
    listing += fmt::format("exit {}", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  return listing;
}

}  // namespace facecert::testing
