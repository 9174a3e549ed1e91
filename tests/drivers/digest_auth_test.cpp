// RFC 7616 section 3.9.1 example, shared by the client (answer) and the device (verify).
#include <gtest/gtest.h>

#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/multipart.h"

namespace facecert::drivers {
namespace {

constexpr const char* kNonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr const char* kCnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
constexpr const char* kRealm = "http-auth@example.org";

TEST(DigestAuth, Rfc7616ExampleResponses) {
  EXPECT_EQ(digest::compute_response(digest::Algorithm::MD5, "Mufasa", kRealm, "Circle of Life",
                                     "GET", "/dir/index.html", kNonce, "00000001", kCnonce, "auth"),
            "8ca523f5e9506fed4657c9700eebdbec");
  EXPECT_EQ(digest::compute_response(digest::Algorithm::SHA256, "Mufasa", kRealm,
                                     "Circle of Life", "GET", "/dir/index.html", kNonce,
                                     "00000001", kCnonce, "auth"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestAuth, ClientAnswerVerifiesOnServerSide) {
  const auto ch = digest::parse_challenge(
      std::string("Digest realm=\"") + kRealm + "\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" +
      kNonce + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->algorithm, digest::Algorithm::SHA256);
  EXPECT_EQ(ch->realm, kRealm);
  const auto cred = digest::answer(*ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1,
                                   kCnonce);
  EXPECT_EQ(cred.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  const auto parsed = digest::parse_authorization(digest::format_authorization(cred));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->nc, "00000001");
  EXPECT_EQ(parsed->opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_TRUE(digest::verify(*parsed, "Circle of Life", "GET"));
  EXPECT_FALSE(digest::verify(*parsed, "circle of life", "GET"));
  EXPECT_FALSE(digest::verify(*parsed, "Circle of Life", "POST"));
}

TEST(DigestAuth, RejectsOtherSchemesAndAlgorithms) {
  EXPECT_FALSE(digest::parse_challenge("Basic realm=\"x\""));
  EXPECT_FALSE(digest::parse_challenge("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256"));
  EXPECT_FALSE(digest::parse_authorization("Digest username=\"a\""));  // no nonce/response
  const auto md5 = digest::parse_challenge("Digest realm=\"r\", nonce=\"n\"");
  ASSERT_TRUE(md5);
  EXPECT_EQ(md5->algorithm, digest::Algorithm::MD5);  // default algorithm
}

TEST(Multipart, RoundTripKeepsBinaryBytes) {
  std::string binary("\xFF\xD8\xFF\x00\r\n--x\r\n", 11);
  const auto enc = multipart::encode({{"FaceDataRecord", "", "application/json", "{\"a\":1}"},
                                      {"FaceImage", "f.jpg", "image/jpeg", binary}});
  const auto boundary = multipart::boundary_of(enc.content_type);
  ASSERT_TRUE(boundary);
  const auto parts = multipart::decode(enc.body, *boundary);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].name, "FaceImage");
  EXPECT_EQ(parts[1].filename, "f.jpg");
  EXPECT_EQ(parts[1].body, binary);
  EXPECT_THROW(multipart::decode(enc.body.substr(0, enc.body.size() / 2), *boundary),
               std::invalid_argument);
}

}  // namespace
}  // namespace facecert::drivers
