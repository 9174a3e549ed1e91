// facecert-dumpgen: a deterministic flash dump like a camera's for bench/carve_throughput.sh:
// erased (FF) and zero runs, random blocks (encrypted or compressed data), log text, and distinct
// face and non-face JPEGs (bench/capgen's image pool) at unaligned offsets, a fifth of them
// DQT-first (FF D8 FF DB, no JFIF header). Writes the planted offsets, one line each:
// "OFFSET LENGTH face|nonface jfif|dqt". Generated data, not a real device's.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "../capgen/image_pool.h"
#include "../capgen/rng.h"

namespace facecert::dumpgen {
namespace {

using capgen::Rng;

class DumpWriter {
 public:
  explicit DumpWriter(const std::string& file) : out_(file, std::ios::binary) {
    if (!out_) throw std::runtime_error(file + ": cannot write");
    buf_.reserve(kFlush + (1u << 20));
  }
  void bytes(const std::uint8_t* p, std::size_t n) {
    buf_.insert(buf_.end(), p, p + n);
    written_ += n;
    if (buf_.size() >= kFlush) flush();
  }
  void fill(std::uint8_t v, std::size_t n) {
    buf_.insert(buf_.end(), n, v);
    written_ += n;
    if (buf_.size() >= kFlush) flush();
  }
  void flush() {
    out_.write(reinterpret_cast<const char*>(buf_.data()), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  std::uint64_t written() const { return written_; }

 private:
  static constexpr std::size_t kFlush = 8u << 20;
  std::ofstream out_;
  std::vector<std::uint8_t> buf_;
  std::uint64_t written_ = 0;
};

// Filler up to `end`: runs of erased flash, zeros, random blocks and log lines.
void filler(DumpWriter& w, Rng& rng, std::uint64_t end) {
  static const char* kLevels[] = {"INFO", "WARN", "DEBUG"};
  while (w.written() < end) {
    const std::uint64_t left = end - w.written();
    const std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(left, rng.range(4096, 1u << 20)));
    const auto kind = rng.below(10);
    if (kind < 4) {
      w.fill(0xFF, len);  // erased blocks dominate a flash dump
    } else if (kind < 6) {
      w.fill(0x00, len);
    } else if (kind < 9) {
      std::vector<std::uint8_t> r(len);
      for (std::size_t i = 0; i + 8 <= len; i += 8) {
        const std::uint64_t v = rng.next();
        std::memcpy(&r[i], &v, 8);
      }
      w.bytes(r.data(), len);
    } else {
      std::string text;
      while (text.size() < len)
        text += fmt::format("2026-11-27T{:02}:{:02}:{:02}.{:03} cam0 {} face_track id={} score=0.{:02} frame={}\n",
                            rng.below(24), rng.below(60), rng.below(60), rng.below(1000), kLevels[rng.below(3)],
                            rng.below(100000), rng.below(100), rng.below(1u << 30));
      w.bytes(reinterpret_cast<const std::uint8_t*>(text.data()), len);
    }
  }
}

// The JPEG without its APP0 (JFIF) segment: FF D8 FF DB..., as some camera firmware writes.
std::string dqt_first(const std::string& jpeg) {
  if (jpeg.size() < 6 || static_cast<std::uint8_t>(jpeg[3]) != 0xE0) return jpeg;
  const std::size_t len = static_cast<std::size_t>(static_cast<std::uint8_t>(jpeg[4]) << 8 | static_cast<std::uint8_t>(jpeg[5]));
  return jpeg.substr(0, 2) + jpeg.substr(4 + len);
}

int run(const std::string& out, std::uint64_t mib, std::size_t images, std::uint64_t seed, const std::string& offsets_file) {
  const std::uint64_t size = mib << 20;
  Rng rng(seed);
  capgen::ImagePool pool(seed, 2);
  DumpWriter w(out);
  std::ofstream offsets(offsets_file);
  std::size_t faces = 0, dqt = 0;
  for (std::size_t i = 0; i < images; ++i) {
    // Spread evenly, each at an odd offset (never sector-aligned).
    const std::uint64_t slot = size / images;
    filler(w, rng, (i * slot + rng.below(slot / 2)) | 1);
    const bool face = i % 2 == 0;
    std::string jpeg = pool.get(face ? capgen::ImagePool::Kind::Face : capgen::ImagePool::Kind::NonFace, i / 2);
    const bool strip = i % 5 == 3;
    if (strip) jpeg = dqt_first(jpeg);
    offsets << fmt::format("{} {} {} {}\n", w.written(), jpeg.size(), face ? "face" : "nonface", strip ? "dqt" : "jfif");
    w.bytes(reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size());
    faces += face ? 1 : 0;
    dqt += strip ? 1 : 0;
  }
  filler(w, rng, size);
  w.flush();
  fmt::print("{}: {} bytes, {} JPEGs planted ({} face, {} DQT-first); offsets in {}\n", out, w.written(), images,
             faces, dqt, offsets_file);
  return 0;
}

}  // namespace
}  // namespace facecert::dumpgen

int main(int argc, char** argv) {
  CLI::App app{"Deterministic camera-flash-like dump with planted JPEGs (bench/carve_throughput.sh)"};
  std::string out, offsets;
  std::uint64_t mib = 1024, seed = 1;
  std::size_t images = 300;
  app.add_option("--out", out, "dump file to write")->required();
  app.add_option("--offsets", offsets, "where to write the planted offsets")->required();
  app.add_option("--mib", mib, "dump size in MiB")->check(CLI::Range(1, 1 << 20));
  app.add_option("--images", images, "JPEGs to plant")->check(CLI::Range(1, 100000));
  app.add_option("--seed", seed, "random seed");
  CLI11_PARSE(app, argc, argv);
  try {
    return facecert::dumpgen::run(out, mib, images, seed, offsets);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert-dumpgen: {}\n", e.what());
    return 2;
  }
}
