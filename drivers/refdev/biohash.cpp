#include "biohash.h"

#include <bit>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>

namespace facecert::refdev {
namespace {

// The keystream of AES-256-CTR under `key` from a zero counter: the key's random matrix.
class KeyStream {
 public:
  explicit KeyStream(const TemplateSecret& key) : ctx_(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free) {
    const unsigned char iv[16] = {};
    if (!ctx_ || EVP_EncryptInit_ex(ctx_.get(), EVP_aes_256_ctr(), nullptr, key.data(), iv) != 1)
      throw std::runtime_error("biohash: cannot start AES-256-CTR");
  }
  void fill(std::vector<std::uint8_t>& out) {
    std::fill(out.begin(), out.end(), 0);  // keystream XOR zeros = keystream
    int len = 0;
    if (EVP_EncryptUpdate(ctx_.get(), out.data(), &len, out.data(), static_cast<int>(out.size())) != 1 ||
        len != static_cast<int>(out.size()))
      throw std::runtime_error("biohash: AES-256-CTR failed");
  }

 private:
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx_;
};

}  // namespace

std::vector<std::uint8_t> biohash(std::span<const float> features, const TemplateSecret& key) {
  if (features.empty()) throw std::invalid_argument("biohash: no features");
  const std::size_t groups = (features.size() + 7) / 8;
  // For every 8 features, the sum of +f / -f for each of the 256 sign bytes a row can hold: a row
  // is then one table look-up per keystream byte instead of one branch per feature.
  std::vector<float> partial(groups * 256);
  for (std::size_t g = 0; g < groups; ++g)
    for (unsigned byte = 0; byte < 256; ++byte) {
      double sum = 0;
      for (std::size_t k = 0; k < 8 && 8 * g + k < features.size(); ++k)
        sum += (byte & (0x80u >> k)) ? features[8 * g + k] : -features[8 * g + k];
      partial[g * 256 + byte] = static_cast<float>(sum);
    }
  KeyStream stream(key);
  std::vector<std::uint8_t> row(groups);
  std::vector<std::uint8_t> out(kBiohashBits / 8, 0);
  for (int r = 0; r < kBiohashBits; ++r) {
    stream.fill(row);
    double projection = 0;
    for (std::size_t g = 0; g < groups; ++g) projection += partial[g * 256 + row[g]];
    if (projection > 0) out[static_cast<std::size_t>(r) >> 3] |= static_cast<std::uint8_t>(0x80u >> (r & 7));
  }
  return out;
}

double bit_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size() || a.empty())
    throw std::invalid_argument("bit_similarity: bit strings of different lengths");
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differing += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(a[i] ^ b[i])));
  return 1.0 - static_cast<double>(differing) / static_cast<double>(8 * a.size());
}

}  // namespace facecert::refdev
