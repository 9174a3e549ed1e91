// Generic comparators for a black-box linkage attack (6.1.3 unlinkability; ISO/IEC 30136): when a
// device exports templates but offers no comparator, an attacker still compares the blobs with
// whatever structure they may have. Each comparator returns a similarity, or nothing when the blob
// does not have that structure.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <zlib.h>

#include "facecert/probes/template_metrics.h"

namespace facecert::probes {
namespace {

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h >> 15) & 1u, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
  float magnitude;
  if (exponent == 0) magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31) magnitude = mantissa ? std::nanf("") : INFINITY;
  else magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

// Feature vectors are finite and of moderate size; reading random bytes as floats gives NaN/inf,
// huge values or a crowd of denormals, which is what rules the reading out.
bool plausible_features(const std::vector<float>& v, float smallest_normal) {
  std::size_t tiny = 0;
  for (float x : v) {
    if (!std::isfinite(x) || std::abs(x) > 1e6f) return false;
    if (x != 0 && std::abs(x) < smallest_normal) ++tiny;
  }
  return tiny * 10 <= v.size();
}

std::uint32_t ngram_key(const std::uint8_t* p, int n) {
  std::uint32_t k = 0;
  for (int i = 0; i < n; ++i) k = (k << 8) | p[i];
  return k;
}

std::unordered_map<std::uint32_t, double> ngram_counts(std::span<const std::uint8_t> b, int n) {
  std::unordered_map<std::uint32_t, double> counts;
  counts.reserve(b.size());
  for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= b.size(); ++i) counts[ngram_key(&b[i], n)] += 1;
  return counts;
}

std::size_t compressed_size(std::span<const std::uint8_t> b) {
  uLongf size = compressBound(static_cast<uLong>(b.size()));
  std::vector<Bytef> out(size);
  if (compress2(out.data(), &size, b.data(), static_cast<uLong>(b.size()), 9) != Z_OK)
    throw ProbeError("zlib could not compress a template");
  return size;
}

template <typename Decode>
TemplateComparatorFn decoded_cosine(Decode decode) {
  return [decode](const TemplateBlob& a, const TemplateBlob& b) -> std::optional<double> {
    const std::optional<std::vector<float>> va = decode(a.bytes), vb = decode(b.bytes);
    if (!va || !vb) return std::nullopt;
    return cosine_similarity(*va, *vb);
  };
}

}  // namespace

std::optional<double> hamming_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size() || a.empty()) return std::nullopt;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differing += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(a[i] ^ b[i])));
  return 1.0 - static_cast<double>(differing) / (8.0 * static_cast<double>(a.size()));
}

std::optional<double> cosine_similarity(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size() || a.empty()) return std::nullopt;
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  if (na == 0 || nb == 0) return std::nullopt;
  return dot / std::sqrt(na * nb);
}

std::optional<std::vector<float>> decode_float32(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || bytes.size() % 4 != 0) return std::nullopt;
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), bytes.size());  // little-endian host, as the exporters
  if (!plausible_features(v, 1.17549435e-38f)) return std::nullopt;
  return v;
}

std::optional<std::vector<float>> decode_float16(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || bytes.size() % 2 != 0) return std::nullopt;
  std::vector<float> v(bytes.size() / 2);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = half_to_float(static_cast<std::uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8)));
  if (!plausible_features(v, 6.10351562e-05f)) return std::nullopt;
  return v;
}

std::vector<float> decode_int8(std::span<const std::uint8_t> bytes) {
  std::vector<float> v(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) v[i] = static_cast<float>(static_cast<std::int8_t>(bytes[i]));
  return v;
}

std::optional<double> ngram_cosine(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, int n) {
  if (n < 1 || n > 4) throw ProbeError("n-gram length must be 1 to 4");
  if (a.size() < static_cast<std::size_t>(n) || b.size() < static_cast<std::size_t>(n)) return std::nullopt;
  const auto ca = ngram_counts(a, n), cb = ngram_counts(b, n);
  double dot = 0, na = 0, nb = 0;
  for (const auto& [k, x] : ca) {
    na += x * x;
    if (auto it = cb.find(k); it != cb.end()) dot += x * it->second;
  }
  for (const auto& [k, y] : cb) nb += y * y;
  return dot / std::sqrt(na * nb);
}

std::optional<double> compression_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.empty() || b.empty()) return std::nullopt;
  std::vector<std::uint8_t> joined(a.begin(), a.end());
  joined.insert(joined.end(), b.begin(), b.end());
  const double ca = static_cast<double>(compressed_size(a)), cb = static_cast<double>(compressed_size(b));
  const double cab = static_cast<double>(compressed_size(joined));
  return 1.0 - (cab - std::min(ca, cb)) / std::max(ca, cb);  // 1 - NCD (Cilibrasi & Vitanyi)
}

const std::vector<TemplateComparator>& generic_template_comparators() {
  static const std::vector<TemplateComparator> table = {
      {"hamming", "bit agreement of equal-length blobs (binarised templates)",
       [](const TemplateBlob& a, const TemplateBlob& b) { return hamming_similarity(a.bytes, b.bytes); }},
      {"cosine-values", "cosine of the feature values the exporter decoded",
       [](const TemplateBlob& a, const TemplateBlob& b) -> std::optional<double> {
         if (!a.values || !b.values) return std::nullopt;
         return cosine_similarity(*a.values, *b.values);
       }},
      {"cosine-float32", "cosine of the blobs read as little-endian float32", decoded_cosine(decode_float32)},
      {"cosine-float16", "cosine of the blobs read as little-endian float16", decoded_cosine(decode_float16)},
      {"cosine-int8", "cosine of the blobs read as signed bytes (quantised features)",
       [](const TemplateBlob& a, const TemplateBlob& b) {
         return cosine_similarity(decode_int8(a.bytes), decode_int8(b.bytes));
       }},
      {"ngram2-cosine", "cosine of byte 2-gram counts",
       [](const TemplateBlob& a, const TemplateBlob& b) { return ngram_cosine(a.bytes, b.bytes, 2); }},
      {"ngram3-cosine", "cosine of byte 3-gram counts",
       [](const TemplateBlob& a, const TemplateBlob& b) { return ngram_cosine(a.bytes, b.bytes, 3); }},
      {"ncd-zlib", "1 - normalised compression distance (zlib level 9)",
       [](const TemplateBlob& a, const TemplateBlob& b) { return compression_similarity(a.bytes, b.bytes); }},
  };
  return table;
}

}  // namespace facecert::probes
