#include "content_coding.h"

#include <array>

#include <brotli/decode.h>
#include <fmt/format.h>
#include <zlib.h>

namespace facecert::probes::http {
namespace {

constexpr std::size_t kRatioFloor = 1 << 20;  // small outputs are never called bombs

// Returns a problem line when the output is past the limits, else empty.
std::string over_limits(std::size_t out, std::size_t consumed, std::size_t max_out,
                        std::size_t max_ratio) {
  if (out >= max_out) return fmt::format("decoded body reached the {} byte cap", max_out);
  if (out > kRatioFloor && out / std::max<std::size_t>(consumed, 1) > max_ratio)
    return fmt::format("decompression stopped at {} bytes from {} (ratio over {}:1, bomb guard)",
                       out, consumed, max_ratio);
  return {};
}

// window_bits: 15 + 32 (gzip or zlib, auto), -15 (raw deflate).
DecodeResult inflate_with(std::string_view in, int window_bits, std::size_t max_out,
                          std::size_t max_ratio) {
  DecodeResult r;
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return {{}, false, "zlib initialisation failed"};
  std::array<unsigned char, 64 << 10> buf{};
  std::size_t pos = 0;
  int rc = Z_OK;
  while (true) {
    const std::size_t take = std::min<std::size_t>(in.size() - pos, 1u << 30);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
    z.avail_in = static_cast<uInt>(take);
    const std::size_t before_in = z.avail_in;
    z.next_out = buf.data();
    z.avail_out = static_cast<uInt>(std::min(buf.size(), max_out - r.bytes.size()));
    rc = inflate(&z, Z_NO_FLUSH);
    pos += before_in - z.avail_in;
    r.bytes.append(reinterpret_cast<const char*>(buf.data()),
                   static_cast<std::size_t>(z.next_out - buf.data()));
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members: go on with the next one.
      if (pos < in.size() && window_bits > 0 && in.size() - pos >= 2 &&
          static_cast<unsigned char>(in[pos]) == 0x1f && static_cast<unsigned char>(in[pos + 1]) == 0x8b) {
        inflateReset(&z);
        continue;
      }
      r.complete = true;
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      r.problem = fmt::format("{} after {} decoded bytes", z.msg ? z.msg : "corrupt stream", r.bytes.size());
      break;
    }
    if (auto p = over_limits(r.bytes.size(), pos, max_out, max_ratio); !p.empty()) {
      r.problem = std::move(p);
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && pos >= in.size()) {
      r.problem = fmt::format("compressed body ends early after {} decoded bytes", r.bytes.size());
      break;
    }
  }
  inflateEnd(&z);
  return r;
}

DecodeResult brotli(std::string_view in, std::size_t max_out, std::size_t max_ratio) {
  DecodeResult r;
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!s) return {{}, false, "brotli initialisation failed"};
  std::array<std::uint8_t, 64 << 10> buf{};
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
  std::size_t avail_in = in.size();
  while (true) {
    std::uint8_t* next_out = buf.data();
    std::size_t avail_out = std::min(buf.size(), max_out - r.bytes.size());
    const auto rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    r.bytes.append(reinterpret_cast<const char*>(buf.data()), static_cast<std::size_t>(next_out - buf.data()));
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
      r.complete = true;
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_ERROR) {
      r.problem = fmt::format("corrupt brotli stream after {} decoded bytes", r.bytes.size());
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
      r.problem = fmt::format("compressed body ends early after {} decoded bytes", r.bytes.size());
      break;
    }
    if (auto p = over_limits(r.bytes.size(), in.size() - avail_in, max_out, max_ratio); !p.empty()) {
      r.problem = std::move(p);
      break;
    }
  }
  BrotliDecoderDestroyInstance(s);
  return r;
}

}  // namespace

bool known_coding(std::string_view c) {
  return c == "gzip" || c == "x-gzip" || c == "deflate" || c == "br";
}

DecodeResult decode_content(std::string_view coding, std::string_view in, std::size_t max_out,
                            std::size_t max_ratio) {
  if (max_out == 0) return {{}, false, "no room for a decoded body"};
  if (coding == "br") return brotli(in, max_out, max_ratio);
  if (coding == "gzip" || coding == "x-gzip") return inflate_with(in, 15 + 32, max_out, max_ratio);
  if (coding == "deflate") {
    // RFC 9110 says zlib-wrapped; some servers send raw deflate.
    DecodeResult z = inflate_with(in, 15 + 32, max_out, max_ratio);
    if (z.complete || !z.bytes.empty()) return z;
    return inflate_with(in, -15, max_out, max_ratio);
  }
  return {std::string(in), true, {}};
}

}  // namespace facecert::probes::http
