// The GA/T 1400 view-library receiver driven by real curl clients over HTTPS (and plain HTTP when
// asked) on 127.0.0.1: registration with Digest, keepalive, time, unregistration, face and image
// pushes validated field by field, refusal of unregistered devices, and the 6.2.2 figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <sstream>

#include <openssl/evp.h>

#include "drivers/viid_client_support.h"
#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/viid_receiver.h"

namespace facecert::drivers {
namespace {

using nlohmann::json;
namespace tv = facecert::testing::viid;

constexpr const char* kUser = "viid-lab";
constexpr const char* kPassword = "s3cret-pass";

std::string sha256(const std::vector<std::uint8_t>& b) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(b.data(), b.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

class ViidReceiverTest : public ::testing::Test {
 protected:
  void start(bool tls = true) {
    ViidOptions o;
    o.tls = tls;
    o.user = kUser;
    o.password = kPassword;
    receiver_ = std::make_unique<ViidReceiver>(o);
    receiver_->start();
  }
  tv::CurlReply post(const std::string& path, const std::string& body, bool digest = false) {
    tv::CurlRequest r;
    r.url = receiver_->url() + path;
    r.body = body;
    if (digest) {
      r.digest_user = kUser;
      r.digest_password = kPassword;
    }
    return tv::curl(r);
  }
  void register_device() {
    const auto reply = post("/VIID/System/Register", tv::device_body("RegisterObject"), true);
    ASSERT_EQ(reply.http, 200) << reply.body;
  }
  std::vector<std::string> problem_texts() {
    std::vector<std::string> out;
    for (const auto& p : receiver_->snapshot().problems) out.push_back(p.text());
    return out;
  }
  std::unique_ptr<ViidReceiver> receiver_;
  std::string jpeg_b64_ = base64::encode(tv::demo_jpeg());
};

TEST_F(ViidReceiverTest, RegisterNeedsDigestThenKeepaliveTimeAndUnregister) {
  start();
  EXPECT_EQ(receiver_->url(), fmt::format("https://127.0.0.1:{}", receiver_->port()));
  EXPECT_EQ(post("/VIID/System/Register", tv::device_body("RegisterObject")).http, 401);
  EXPECT_EQ(tv::post(receiver_->url() + "/VIID/System/Register", tv::device_body("RegisterObject"), kUser, "wrong").http,
            401);
  EXPECT_FALSE(receiver_->snapshot().devices.count(tv::kDevice) && receiver_->snapshot().devices.at(tv::kDevice).registered);

  const auto reg = post("/VIID/System/Register", tv::device_body("RegisterObject"), true);
  ASSERT_EQ(reg.http, 200) << reg.body;
  const json status = reg.json().at("ResponseStatusObject");
  EXPECT_EQ(status.at("StatusCode"), 0);
  EXPECT_EQ(status.at("Id"), tv::kDevice);
  EXPECT_EQ(status.at("RequestURL"), "/VIID/System/Register");
  EXPECT_EQ(status.at("LocalTime").get<std::string>().size(), 14u);

  const auto keep = post("/VIID/System/Keepalive", tv::device_body("KeepaliveObject"));
  EXPECT_EQ(keep.json().at("ResponseStatusObject").at("StatusCode"), 0) << keep.body;

  const auto time = tv::get(receiver_->url() + "/VIID/System/Time");
  ASSERT_EQ(time.http, 200);
  const json t = time.json().at("SystemTimeObject");
  EXPECT_EQ(t.at("TimeMode"), "2");
  EXPECT_EQ(t.at("TimeZone"), "Asia/Shanghai");
  EXPECT_EQ(t.at("VIIDServerID"), "31000000005030000001");
  EXPECT_EQ(t.at("LocalTime").get<std::string>().size(), 14u);

  const auto unreg = post("/VIID/System/UnRegister", tv::device_body("UnRegisterObject"));
  EXPECT_EQ(unreg.json().at("ResponseStatusObject").at("StatusCode"), 0) << unreg.body;
  const auto late = post("/VIID/System/Keepalive", tv::device_body("KeepaliveObject"));
  EXPECT_NE(late.json().at("ResponseStatusObject").at("StatusCode"), 0);

  const auto s = receiver_->snapshot();
  const auto& d = s.devices.at(tv::kDevice);
  EXPECT_EQ(d.registrations, 1);
  EXPECT_EQ(d.keepalives, 1);
  EXPECT_EQ(d.unregistrations, 1);
  EXPECT_FALSE(d.registered);
  const auto texts = problem_texts();
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(), [](const auto& p) {
    return p.find("registration refused: wrong password") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(),
                          [](const auto& p) { return p.find("is not registered") != std::string::npos; }));
}

TEST_F(ViidReceiverTest, RegisterAcceptsAnMd5DigestAnswerOnce) {
  start();
  const std::string path = "/VIID/System/Register";
  const auto challenge_reply = post(path, tv::device_body("RegisterObject"));
  ASSERT_EQ(challenge_reply.http, 401);
  std::optional<digest::Challenge> md5;
  std::istringstream lines(challenge_reply.headers);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("WWW-Authenticate: ", 0) != 0) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto c = digest::parse_challenge(line.substr(18));
    if (c && c->algorithm == digest::Algorithm::MD5) md5 = c;
  }
  ASSERT_TRUE(md5) << challenge_reply.headers;
  const auto cred = digest::answer(*md5, kUser, kPassword, "POST", path, 1, digest::random_hex(8));
  tv::CurlRequest r;
  r.url = receiver_->url() + path;
  r.body = tv::device_body("RegisterObject");
  r.authorization = digest::format_authorization(cred);
  const auto ok = tv::curl(r);
  ASSERT_EQ(ok.http, 200) << ok.body;
  EXPECT_EQ(ok.json().at("ResponseStatusObject").at("StatusCode"), 0);
  EXPECT_EQ(tv::curl(r).http, 401);  // the same nonce count again: a replay
  EXPECT_EQ(receiver_->snapshot().devices.at(tv::kDevice).registrations, 1);
}

TEST_F(ViidReceiverTest, WellFormedFacePushIsCountedWithItsTimes) {
  start();
  register_device();
  const auto jpeg = tv::demo_jpeg();
  const auto reply = post("/VIID/Faces", tv::faces_body(json::array({tv::face(
                                             "F1", "20261127101500", "20261127101503",
                                             json::array({tv::sub_image(jpeg_b64_), tv::sub_image(jpeg_b64_, "14")}))})));
  ASSERT_EQ(reply.http, 200) << reply.body;
  const json statuses = reply.json().at("ResponseStatusListObject").at("ResponseStatusObject");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].at("StatusCode"), 0) << reply.body;
  EXPECT_EQ(statuses[0].at("Id"), "F1");

  const auto s = receiver_->snapshot();
  EXPECT_EQ(s.pushes, 1);
  EXPECT_EQ(s.well_formed_pushes, 1);
  EXPECT_TRUE(s.problems.empty());
  const auto& d = s.devices.at(tv::kDevice);
  EXPECT_EQ(d.face_pushes, 1);
  ASSERT_EQ(d.faces.size(), 1u);
  const auto& f = d.faces[0];
  EXPECT_EQ(f.face_id, "F1");
  EXPECT_EQ(f.appear_time, "20261127101500");
  EXPECT_EQ(f.disappear_time, "20261127101503");
  EXPECT_EQ(f.shot_time, "20261127101500");
  ASSERT_EQ(f.sub_images.size(), 2u);
  EXPECT_EQ(f.sub_images[0].bytes, jpeg.size());
  EXPECT_EQ(f.sub_images[0].sha256, sha256(jpeg));
  EXPECT_EQ(f.sub_images[0].detected_format, "jpeg");
  // The JSON evidence carries hashes and sizes, never the image itself.
  const std::string evidence = s.to_json().dump();
  EXPECT_EQ(evidence.find(jpeg_b64_.substr(0, 64)), std::string::npos);
  EXPECT_NE(evidence.find(sha256(jpeg)), std::string::npos);
}

TEST_F(ViidReceiverTest, BrokenJsonGets400AndANamedProblem) {
  start();
  register_device();
  const auto reply = post("/VIID/Faces", R"({"FaceListObject": {"FaceObject": [ {"FaceID": )");
  EXPECT_EQ(reply.http, 400);
  EXPECT_EQ(reply.json().at("ResponseStatusObject").at("StatusCode"), 7) << reply.body;
  const auto texts = problem_texts();
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0].rfind("body is not JSON: ", 0), 0u) << texts[0];
  EXPECT_NE(texts[0].find(" at byte "), std::string::npos) << texts[0];
  // Still serving.
  EXPECT_EQ(tv::get(receiver_->url() + "/VIID/System/Time").http, 200);
  EXPECT_EQ(receiver_->snapshot().well_formed_pushes, 0);
}

TEST_F(ViidReceiverTest, MissingAndMalformedFieldsAreNamedByPath) {
  start();
  register_device();
  json bad_shot = tv::sub_image(jpeg_b64_);
  bad_shot["ShotTime"] = "2026-11-27";
  json no_shot = tv::sub_image(jpeg_b64_);
  no_shot.erase("ShotTime");
  json not_b64 = tv::sub_image("not base64!!");
  json not_image = tv::sub_image(base64::encode(std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o', '!'}));
  json bad_date = tv::sub_image(jpeg_b64_, "11", "20261131101500");
  const json faces = json::array({
      tv::face("F0", "20261127101500", "20261127101501", json::array({not_image})),
      tv::face("F1", "20261127101509", "20261127101501", json::array({not_b64})),
      tv::face("F2", "20261127101500", "20261127101501", json::array({bad_shot, no_shot, bad_date})),
  });
  const auto reply = post("/VIID/Faces", tv::faces_body(faces));
  ASSERT_EQ(reply.http, 200) << reply.body;
  const json statuses = reply.json().at("ResponseStatusListObject").at("ResponseStatusObject");
  ASSERT_EQ(statuses.size(), 3u);
  for (const auto& st : statuses) EXPECT_NE(st.at("StatusCode"), 0);

  const auto texts = problem_texts();
  const std::string p = "FaceListObject.FaceObject";
  const std::vector<std::string> expected{
      p + "[0].SubImageList.SubImageInfoObject[0].Data: is not an image: no JPEG/PNG/BMP/GIF magic bytes in 6 bytes",
      p + "[1].FaceAppearTime: '20261127101509' is after FaceDisAppearTime '20261127101501'",
      p + "[1].SubImageList.SubImageInfoObject[0].Data: is not base64 (12 characters)",
      p + "[2].SubImageList.SubImageInfoObject[0].ShotTime: '2026-11-27' is not YYYYMMDDHHMMSS",
      p + "[2].SubImageList.SubImageInfoObject[1].ShotTime: is missing",
      p + "[2].SubImageList.SubImageInfoObject[2].ShotTime: '20261131101500' is not a valid date and time",
  };
  EXPECT_EQ(texts, expected);
  EXPECT_EQ(receiver_->snapshot().well_formed_pushes, 0);
}

TEST_F(ViidReceiverTest, UnregisteredDevicePushIsRefusedAndRecorded) {
  start();
  const auto reply = post("/VIID/Faces", tv::faces_body(json::array({tv::face(
                                             "F1", "20261127101500", "20261127101503",
                                             json::array({tv::sub_image(jpeg_b64_)}))})));
  ASSERT_EQ(reply.http, 200) << reply.body;
  const json statuses = reply.json().at("ResponseStatusListObject").at("ResponseStatusObject");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].at("StatusCode"), 4);
  const auto s = receiver_->snapshot();
  EXPECT_EQ(s.devices.at(tv::kDevice).refused_pushes, 1);
  EXPECT_TRUE(s.devices.at(tv::kDevice).faces.empty());
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].message.find("pushed while not registered"), std::string::npos);
}

TEST_F(ViidReceiverTest, HttpsByDefaultPlainHttpOnlyWhenAsked) {
  start();
  const std::string plain_url = fmt::format("http://127.0.0.1:{}/VIID/System/Time", receiver_->port());
  EXPECT_NE(tv::get(plain_url).http, 200);  // plain HTTP to the TLS port
  EXPECT_EQ(tv::get(receiver_->url() + "/VIID/System/Time").http, 200);
  EXPECT_TRUE(receiver_->snapshot().tls);
  receiver_.reset();

  start(false);
  EXPECT_EQ(receiver_->url().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(tv::get(receiver_->url() + "/VIID/System/Time").http, 200);
  EXPECT_FALSE(receiver_->snapshot().tls);
}

TEST_F(ViidReceiverTest, ImagePushIsValidated) {
  start();
  register_device();
  json info = tv::sub_image(jpeg_b64_);
  info.erase("Data");
  json broken = info;
  broken.erase("FileFormat");
  const json body{{"ImageListObject",
                   {{"Image", json::array({{{"ImageInfo", info}, {"Data", jpeg_b64_}},
                                           {{"ImageInfo", broken}, {"Data", jpeg_b64_}}})}}}};
  const auto reply = post("/VIID/Images", body.dump());
  ASSERT_EQ(reply.http, 200) << reply.body;
  const json statuses = reply.json().at("ResponseStatusListObject").at("ResponseStatusObject");
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].at("StatusCode"), 0);
  EXPECT_NE(statuses[1].at("StatusCode"), 0);
  EXPECT_EQ(problem_texts(), std::vector<std::string>{"ImageListObject.Image[1].ImageInfo.FileFormat: is missing"});
  const auto s = receiver_->snapshot();
  const auto& d = s.devices.at(tv::kDevice);
  EXPECT_EQ(d.image_pushes, 1);
  ASSERT_EQ(d.images.size(), 2u);
  EXPECT_EQ(d.images[0].sha256, sha256(tv::demo_jpeg()));
}

TEST_F(ViidReceiverTest, DedupFiguresCountFaceImagesPerAppearance) {
  start(false);  // plain HTTP keeps five pushes quick
  register_device();
  for (int i = 0; i < 5; ++i) {  // five face images of one appearance, one push each
    const auto reply = post("/VIID/Faces", tv::faces_body(json::array({tv::face(
                                               fmt::format("A{}", i), "20261127101500", "20261127101506",
                                               json::array({tv::sub_image(jpeg_b64_), tv::sub_image(jpeg_b64_, "14")}))})));
    ASSERT_EQ(reply.http, 200) << reply.body;
  }
  post("/VIID/Faces", tv::faces_body(json::array({tv::face("B0", "20261127102000", "20261127102004",
                                                           json::array({tv::sub_image(jpeg_b64_)}))})));
  const auto s = receiver_->snapshot();
  EXPECT_EQ(s.pushes, 6);
  EXPECT_EQ(s.well_formed_pushes, 6);
  ASSERT_EQ(s.dedup.appearances.size(), 2u);
  EXPECT_EQ(s.dedup.appearances[0].appear_time, "20261127101500");
  EXPECT_EQ(s.dedup.appearances[0].face_objects, 5);
  EXPECT_EQ(s.dedup.appearances[0].face_images, 5);  // scene images (Type 14) are not face images
  EXPECT_EQ(s.dedup.appearances[1].face_images, 1);
  EXPECT_EQ(s.dedup.max_face_images_per_appearance, 5);
  EXPECT_DOUBLE_EQ(s.dedup.mean_face_images_per_appearance, 3.0);
  EXPECT_GE(s.dedup.max_pushes_in_one_second, 1);
  EXPECT_GT(s.dedup.mean_pushes_per_second, 0.0);
  const json j = s.to_json();
  EXPECT_EQ(j.at("dedup").at("max_face_images_per_appearance"), 5);
  EXPECT_EQ(j.at("images_kept"), false);
}

}  // namespace
}  // namespace facecert::drivers
