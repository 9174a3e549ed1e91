#include "image_carver.h"

#include <algorithm>
#include <optional>

namespace facecert::probes::detectors {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0];
}

bool is_sof(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

// JPEG: SOI, then marker segments (length-prefixed); after SOS the entropy-coded data runs to the
// next marker that is not a stuffed 00 or a restart marker; EOI ends it. Needs a SOF and a SOS.
std::optional<CarvedImage> walk_jpeg(Bytes b, std::size_t start) {
  std::size_t pos = start + 2;
  bool sof = false, sos = false;
  CarvedImage img{"JPEG", start, 0, 0, 0};
  while (pos + 1 < b.size()) {
    if (b[pos] != 0xFF) return std::nullopt;
    while (pos + 1 < b.size() && b[pos + 1] == 0xFF) ++pos;  // fill bytes
    if (pos + 1 >= b.size()) return std::nullopt;
    const std::uint8_t m = b[pos + 1];
    pos += 2;
    if (m == 0xD9) {
      if (!sof || !sos) return std::nullopt;
      img.length = pos - start;
      return img;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // standalone markers
    if (m < 0xC0 || m == 0xD8) return std::nullopt;       // not a valid marker here
    if (pos + 2 > b.size()) return std::nullopt;
    const std::size_t len = be16(&b[pos]);
    if (len < 2 || pos + len > b.size()) return std::nullopt;
    if (is_sof(m)) {
      if (len < 8) return std::nullopt;
      img.height = be16(&b[pos + 3]);
      img.width = be16(&b[pos + 5]);
      sof = true;
    }
    pos += len;
    if (m == 0xDA) {
      sos = true;
      while (pos + 1 < b.size() &&
             !(b[pos] == 0xFF && b[pos + 1] != 0x00 && !(b[pos + 1] >= 0xD0 && b[pos + 1] <= 0xD7)))
        ++pos;
    }
  }
  return std::nullopt;  // ran off the end: truncated (reported by a later issue)
}

std::optional<CarvedImage> walk_png(Bytes b, std::size_t start) {
  std::size_t pos = start + 8;
  CarvedImage img{"PNG", start, 0, 0, 0};
  bool first = true;
  while (pos + 12 <= b.size()) {
    const std::size_t len = be32(&b[pos]);
    const std::uint8_t* type = &b[pos + 4];
    for (int i = 0; i < 4; ++i) {
      const char c = static_cast<char>(type[i] | 0x20);
      if (c < 'a' || c > 'z') return std::nullopt;
    }
    const std::string_view name(reinterpret_cast<const char*>(type), 4);
    if (first) {
      if (name != "IHDR" || len != 13) return std::nullopt;
      img.width = static_cast<int>(be32(&b[pos + 8]));
      img.height = static_cast<int>(be32(&b[pos + 12]));
      first = false;
    }
    if (len > b.size() || pos + 12 + len > b.size()) return std::nullopt;
    pos += 12 + len;
    if (name == "IEND") {
      img.length = pos - start;
      return img;
    }
  }
  return std::nullopt;
}

std::optional<CarvedImage> walk_bmp(Bytes b, std::size_t start) {
  if (start + 30 > b.size()) return std::nullopt;
  const std::uint8_t* h = &b[start];
  const std::uint32_t size = le32(h + 2), pixels = le32(h + 10), dib = le32(h + 14);
  const bool known_dib = dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 108 || dib == 124;
  if (!known_dib || size < 26 || pixels < 14 + dib || pixels >= size || size > b.size() - start)
    return std::nullopt;
  if (dib == 12) return CarvedImage{"BMP", start, size, h[18] | h[19] << 8, h[20] | h[21] << 8};
  const int planes = h[26] | h[27] << 8, bpp = h[28] | h[29] << 8;
  if (planes != 1 || !(bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32))
    return std::nullopt;
  const auto height = static_cast<std::int32_t>(le32(h + 22));
  return CarvedImage{"BMP", start, size, static_cast<int>(le32(h + 18)),
                     height < 0 ? -height : height};
}

std::optional<CarvedImage> walk_webp(Bytes b, std::size_t start) {
  if (start + 16 > b.size()) return std::nullopt;
  const std::uint8_t* h = &b[start];
  const std::size_t size = std::size_t{le32(h + 4)} + 8;
  const std::string_view chunk(reinterpret_cast<const char*>(h + 12), 4);
  if (std::string_view(reinterpret_cast<const char*>(h + 8), 4) != "WEBP" ||
      !(chunk == "VP8 " || chunk == "VP8L" || chunk == "VP8X") || size > b.size() - start)
    return std::nullopt;
  return CarvedImage{"WebP", start, size, 0, 0};
}

bool at(Bytes b, std::size_t pos, std::string_view magic) {
  return pos + magic.size() <= b.size() &&
         std::equal(magic.begin(), magic.end(), b.begin() + static_cast<std::ptrdiff_t>(pos),
                    [](char c, std::uint8_t x) { return static_cast<std::uint8_t>(c) == x; });
}

}  // namespace

std::vector<CarvedImage> carve_images(std::span<const std::uint8_t> bytes) {
  std::vector<CarvedImage> out;
  std::size_t pos = 0;
  while (pos + 4 <= bytes.size()) {
    std::optional<CarvedImage> img;
    const std::uint8_t c = bytes[pos];
    if (c == 0xFF && bytes[pos + 1] == 0xD8 && bytes[pos + 2] == 0xFF) img = walk_jpeg(bytes, pos);
    else if (c == 0x89 && at(bytes, pos, "\x89PNG\r\n\x1a\n")) img = walk_png(bytes, pos);
    else if (c == 'B' && bytes[pos + 1] == 'M') img = walk_bmp(bytes, pos);
    else if (c == 'R' && at(bytes, pos, "RIFF")) img = walk_webp(bytes, pos);
    if (img) {
      out.push_back(*img);
      pos += img->length;
    } else {
      ++pos;
    }
  }
  return out;
}

}  // namespace facecert::probes::detectors
