// Base64 for binary template values in JSON (RFC 4648 test vectors, and what is refused).
#include <gtest/gtest.h>

#include "facecert/drivers/base64.h"

namespace facecert::drivers {
namespace {

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

TEST(Base64, Rfc4648VectorsRoundTrip) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64::encode(bytes(plain)), encoded);
    EXPECT_EQ(base64::decode(encoded), bytes(plain)) << encoded;
  }
  const std::vector<std::uint8_t> binary{0x00, 0xff, 0x80, 0x7f, 0x01};
  EXPECT_EQ(base64::decode(base64::encode(binary)), binary);
}

TEST(Base64, RefusesWhatIsNotPaddedStandardBase64) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v\nYg==", "Zm-v", "=Zm9", "Zm=v"})
    EXPECT_FALSE(base64::decode(bad)) << bad;
}

}  // namespace
}  // namespace facecert::drivers
