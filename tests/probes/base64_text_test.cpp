// The analyser's base64 decoder (probes/src/detectors/base64_text.h) against OpenSSL's on random
// bytes of every length mod 3, padded and unpadded, both alphabets; bad characters are refused,
// and runs are found in text with their data: media type.
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "../../probes/src/detectors/base64_text.h"

namespace facecert::probes::detectors {
namespace {

std::string openssl_encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

TEST(Base64Text, DecodesWhatOpenSslEncodesAtEveryLength) {
  std::mt19937 rng(7);
  for (std::size_t length = 1; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng());
    const std::string padded = openssl_encode(bytes);
    EXPECT_EQ(base64_decode(padded), bytes) << length;
    std::string unpadded = padded;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    EXPECT_EQ(base64_decode(unpadded), bytes) << length;
    std::string url = unpadded;
    for (auto& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
    EXPECT_EQ(base64_decode(url), bytes) << length;
  }
}

TEST(Base64Text, ShiftsAndRefusals) {
  EXPECT_EQ(base64_decode("xxTWFu", 2), "Man");
  EXPECT_EQ(base64_decode("TWFuTWE"), "ManMa");
  EXPECT_EQ(base64_decode("TWFuT"), "Man");  // a lone trailing character carries no byte
  EXPECT_FALSE(base64_decode("TW*u").has_value());
  EXPECT_FALSE(base64_decode("TWFuT*E").has_value());
  EXPECT_FALSE(base64_decode("TW", 5).has_value());
}

TEST(Base64Text, FindsRunsWithTheirMediaType) {
  const std::string payload(80, 'Q');
  const std::string text = "{\"img\":\"data:image/jpeg;base64," + payload + "\", \"short\":\"QUJD\"}";
  const auto runs = find_base64_runs(text, 64);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].length, payload.size());
  EXPECT_EQ(text.substr(runs[0].offset, runs[0].length), payload);
  EXPECT_EQ(runs[0].media_type, "image/jpeg");
  EXPECT_FALSE(runs[0].url_safe);
  // Both alphabets mixed in one run is not base64.
  EXPECT_TRUE(find_base64_runs(std::string(40, 'A') + "+-" + std::string(40, 'A'), 64).empty());
}

}  // namespace
}  // namespace facecert::probes::detectors
