#include "stream_scan.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include <zlib.h>

#include "base64_image.h"
#include "signature_scan.h"

namespace facecert::probes::carve {
namespace {

using detectors::ImageWalk;
using detectors::WalkStatus;
using Bytes = std::span<const std::uint8_t>;

// Bytes kept from one chunk to the next, so that every magic number (11 bytes at most) is seen
// whole in some chunk.
constexpr std::size_t kOverlap = 64;
constexpr std::size_t kFirstWindow = 1u << 20;

// The chunk CRCs of a PNG the walk found complete: a PNG with a foreign block inside is damaged.
bool png_crcs_ok(Bytes png) {
  for (std::size_t pos = 8; pos + 12 <= png.size();) {
    const std::size_t len = std::size_t{png[pos]} << 24 | std::size_t{png[pos + 1]} << 16 |
                            std::size_t{png[pos + 2]} << 8 | png[pos + 3];
    const std::uint8_t* c = &png[pos + 8 + len];
    const uLong want = uLong{c[0]} << 24 | uLong{c[1]} << 16 | uLong{c[2]} << 8 | c[3];
    if (crc32(0, &png[pos + 4], static_cast<uInt>(len + 4)) != want) return false;
    pos += 12 + len;
  }
  return true;
}

// A cut-off JPEG's scan data runs on through whatever follows until an FF: on flash that is
// erased or zeroed space, which is not part of the image. A run of 64 or more equal 00 or FF bytes
// at the end is dropped (never into the header).
std::size_t trim_filler(Bytes part, std::size_t header) {
  constexpr std::size_t kRun = 64;
  std::size_t n = part.size();
  if (n < header + kRun) return n;
  const std::uint8_t fill = part[n - 1];
  if (fill != 0x00 && fill != 0xFF) return n;
  std::size_t k = n;
  while (k > header && part[k - 1] == fill) --k;
  return n - k >= kRun ? k : n;
}

class Scanner {
 public:
  Scanner(const ByteSource& src, const ScanLimits& limits, const HitSink& sink)
      : src_(src), limits_(limits), sink_(sink), total_(src.size()) {}

  void run(const ScanProgress& progress) {
    const std::size_t chunk = std::max<std::size_t>(limits_.chunk_bytes, 4096);
    buf_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(chunk, total_)));
    std::uint64_t base = 0;
    while (base < total_) {
      const std::size_t n = src_.read(base, buf_.data(), static_cast<std::size_t>(std::min<std::uint64_t>(chunk, total_ - base)));
      if (n == 0) break;  // the file shrank while being read
      const bool eof = base + n >= total_;
      const std::size_t limit = eof ? n : n - kOverlap;
      const std::size_t end = std::min(limit, n - 1);  // a signature is two bytes
      const Bytes bytes(buf_.data(), n);
      std::uint64_t next = base + limit;
      for (std::size_t i = 0;;) {
        i = next_signature(buf_.data(), i, end);
        if (i >= end) break;
        const std::uint64_t used = examine(bytes, i, base);
        if (used == 0) {
          ++i;
        } else if (i + used >= limit) {
          next = base + i + used;
          break;
        } else {
          i += static_cast<std::size_t>(used);
        }
      }
      base = std::max(next, base + 1);
      if (progress) progress(std::min(base, total_));
    }
  }

 private:
  // A larger window at `offset` than the `have` bytes seen so far; empty when it cannot grow.
  Bytes grow(std::uint64_t offset, std::size_t have) {
    if (have >= limits_.max_image_bytes || offset + have >= total_) return {};
    const std::uint64_t want = std::min<std::uint64_t>(
        {std::max<std::uint64_t>(std::uint64_t{have} * 2, kFirstWindow), limits_.max_image_bytes, total_ - offset});
    window_.resize(static_cast<std::size_t>(want));
    window_.resize(src_.read(offset, window_.data(), window_.size()));
    return window_;
  }

  // The bytes consumed by an image found at bytes[i] (0: none).
  std::uint64_t examine(Bytes chunk, std::size_t i, std::uint64_t base) {
    const std::uint64_t offset = base + i;
    if (base64_image_magic(chunk, i)) return examine_base64(chunk.subspan(i), offset);
    Bytes bytes = chunk.subspan(i);
    ImageWalk w = detectors::walk_image(bytes, 0);
    while (w.status == WalkStatus::truncated) {
      const Bytes bigger = grow(offset, bytes.size());
      if (bigger.size() <= bytes.size()) break;
      bytes = bigger;
      w = detectors::walk_image(bytes, 0);
    }
    if (w.status == WalkStatus::none || w.image.length == 0) return 0;
    const bool partial = w.status != WalkStatus::complete ||
                         (w.image.format == "PNG" && !png_crcs_ok(bytes.first(w.image.length)));
    if (partial) w.image.length = trim_filler(bytes.first(w.image.length), w.scan_offset);
    emit(offset, w.image.length, w, partial, "raw", bytes.first(w.image.length));
    if (w.exif_length > 0) exif_thumbnail(bytes.subspan(w.exif_offset, w.exif_length), offset + w.exif_offset);
    return w.image.length;
  }

  // 6.1.2: a camera keeps a small copy of the photo in its EXIF block; deleting one is not enough.
  void exif_thumbnail(Bytes exif, std::uint64_t offset) {
    for (std::size_t k = 0; k + 3 < exif.size(); ++k) {
      const void* p = std::memchr(exif.data() + k, 0xFF, exif.size() - k - 3);
      if (!p) return;
      k = static_cast<std::size_t>(static_cast<const std::uint8_t*>(p) - exif.data());
      if (exif[k + 1] != 0xD8 || exif[k + 2] != 0xFF) continue;
      const ImageWalk t = detectors::walk_image(exif, k);
      if (t.status == WalkStatus::complete) {
        detectors::ImageWalk at = t;
        at.scan_offset -= k;
        emit(offset + k, t.image.length, at, false, "exif-thumbnail", exif.subspan(k, t.image.length));
        return;
      }
    }
  }

  std::uint64_t examine_base64(Bytes text, std::uint64_t offset) {
    const std::size_t max_chars = limits_.max_image_bytes / 3 * 4;
    Base64Image b = base64_image_at(text, 0, max_chars);
    while (b.run_cut) {
      const Bytes bigger = grow(offset, text.size());
      if (bigger.size() <= text.size()) break;
      text = bigger;
      b = base64_image_at(text, 0, max_chars);
    }
    const ImageWalk& w = b.walk;
    if (w.status == WalkStatus::none || w.image.length == 0) return b.text_length;
    emit(offset, b.text_length, w, w.status != WalkStatus::complete, "base64",
         Bytes(b.decoded).first(w.image.length));
    return b.text_length;
  }

  void emit(std::uint64_t offset, std::uint64_t length, const ImageWalk& w, bool partial, const char* container,
            Bytes bytes) {
    ScanHit h;
    h.offset = offset;
    h.length = length;
    h.image = w.image;
    h.header_length = w.scan_offset;
    h.partial = partial;
    h.container = container;
    h.bytes = bytes;
    sink_(h);
  }

  const ByteSource& src_;
  ScanLimits limits_;
  const HitSink& sink_;
  std::uint64_t total_;
  std::vector<std::uint8_t> buf_, window_;
};

}  // namespace

void scan_source(const ByteSource& source, const ScanLimits& limits, const HitSink& on_hit,
                 const ScanProgress& on_progress) {
  Scanner(source, limits, on_hit).run(on_progress);
}

}  // namespace facecert::probes::carve
