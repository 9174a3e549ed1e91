// Bounds-checked big-endian reader over hostile bytes: every read says whether it fit.
#pragma once

#include <cstdint>
#include <span>

namespace facecert::probes::tls {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  bool u8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = bytes_[pos_++];
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>(bytes_[pos_] << 8 | bytes_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool u24(std::uint32_t& v) {
    if (remaining() < 3) return false;
    v = static_cast<std::uint32_t>(bytes_[pos_]) << 16 | static_cast<std::uint32_t>(bytes_[pos_ + 1]) << 8 |
        bytes_[pos_ + 2];
    pos_ += 3;
    return true;
  }
  bool take(std::size_t n, std::span<const std::uint8_t>& out) {
    if (remaining() < n) return false;
    out = bytes_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  // Length-prefixed vectors (TLS presentation language <0..2^8-1> etc.).
  bool vec8(std::span<const std::uint8_t>& out) {
    std::uint8_t n = 0;
    return u8(n) && take(n, out);
  }
  bool vec16(std::span<const std::uint8_t>& out) {
    std::uint16_t n = 0;
    return u16(n) && take(n, out);
  }
  bool vec24(std::span<const std::uint8_t>& out) {
    std::uint32_t n = 0;
    return u24(n) && take(n, out);
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  std::size_t position() const { return pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace facecert::probes::tls
