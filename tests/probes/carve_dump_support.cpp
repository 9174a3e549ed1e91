#include "probes/carve_dump_support.h"

#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

#include <openssl/evp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {

DumpBytes random_block(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  DumpBytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

DumpBytes flash_like(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  DumpBytes out;
  const std::string log = "2026-11-27 12:00:01 INFO  door 3: match score 0.91, BM unit RI ok /9 done\n";
  while (out.size() < n) {
    const std::size_t len = 512 + rng() % 8192;
    switch (rng() % 4) {
      case 0: out.insert(out.end(), len, 0xFF); break;
      case 1: out.insert(out.end(), len, 0x00); break;
      case 2: {
        const DumpBytes r = random_block(len, static_cast<std::uint32_t>(rng()));
        out.insert(out.end(), r.begin(), r.end());
        break;
      }
      default:
        for (int i = 0; i < 4; ++i) out.insert(out.end(), log.begin(), log.end());
    }
  }
  out.resize(n);
  return out;
}

DumpBytes demo_image(const std::string& name, const std::string& ext, int side, int quality) {
  cv::Mat img = facecert::media::imread((demo_dir() / name).string());
  if (img.empty()) throw std::runtime_error("cannot read demo image " + name);
  cv::resize(img, img, cv::Size(side, side), 0, 0, cv::INTER_AREA);
  DumpBytes out;
  facecert::media::imencode(ext, img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

DumpBytes dqt_first(const DumpBytes& jpeg) {
  if (jpeg.size() < 6 || jpeg[2] != 0xFF || jpeg[3] != 0xE0) throw std::runtime_error("no APP0 after SOI");
  const std::size_t len = std::size_t{jpeg[4]} << 8 | jpeg[5];
  DumpBytes out(jpeg.begin(), jpeg.begin() + 2);
  out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(4 + len), jpeg.end());
  return out;
}

DumpBytes with_exif_thumbnail(const DumpBytes& jpeg, const DumpBytes& thumbnail) {
  DumpBytes payload = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  payload.insert(payload.end(), thumbnail.begin(), thumbnail.end());
  const std::size_t len = payload.size() + 2;
  if (len > 0xFFFF) throw std::runtime_error("thumbnail too large for APP1");
  const std::uint8_t head[] = {0xFF, 0xD8, 0xFF, 0xE1, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)};
  DumpBytes out(sizeof head + payload.size() + jpeg.size() - 2);
  std::memcpy(out.data(), head, sizeof head);
  std::memcpy(out.data() + sizeof head, payload.data(), payload.size());
  std::memcpy(out.data() + sizeof head + payload.size(), jpeg.data() + 2, jpeg.size() - 2);
  return out;
}

std::size_t jpeg_scan_start(const DumpBytes& jpeg) {
  std::size_t pos = 2;
  while (pos + 4 <= jpeg.size()) {
    const std::uint8_t m = jpeg[pos + 1];
    const std::size_t len = std::size_t{jpeg[pos + 2]} << 8 | jpeg[pos + 3];
    pos += 2 + len;
    if (m == 0xDA) return pos;
  }
  throw std::runtime_error("no SOS");
}

std::string base64_encode(const DumpBytes& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

void plant(DumpBytes& dump, std::size_t offset, const DumpBytes& bytes) {
  if (offset + bytes.size() > dump.size()) throw std::runtime_error("planted image past the end of the dump");
  std::memcpy(dump.data() + offset, bytes.data(), bytes.size());
}

void write_file(const std::filesystem::path& file, const DumpBytes& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace facecert::test
