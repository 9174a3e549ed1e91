// Test client for the view-library receiver: real curl processes on 127.0.0.1 (Digest with
// --digest -u, -k for the self-signed certificate), and GA/T 1400 bodies built around a real JPEG
// from spoof-datasets/demo. Header-only so test_harness can use it too.
#pragma once

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "facecert/drivers/base64.h"

namespace facecert::testing::viid {

struct CurlReply {
  int http = 0;  // 0: no HTTP answer (connection refused, TLS failure)
  std::string body, headers;  // headers: the response header block(s) as received
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

inline std::filesystem::path scratch_file(const std::string& stem) {
  static std::atomic<int> counter{0};
  return std::filesystem::temp_directory_path() /
         fmt::format("facecert-viid-{}-{}-{}", ::getpid(), counter++, stem);
}

struct CurlRequest {
  std::string method = "POST", url, body, digest_user, digest_password, user_identify;
  bool insecure = true;  // -k: the self-signed certificate
  std::string authorization;  // sent as is (a hand-made Digest answer)
};

inline CurlReply curl(const CurlRequest& r) {
  const auto body_file = scratch_file("body.json"), out_file = scratch_file("out.json"),
             head_file = scratch_file("head.txt");
  std::string cmd = fmt::format("curl -s --max-time 8 -o '{}' -D '{}' -w '%{{http_code}}' -X {}", out_file.string(),
                                head_file.string(), r.method);
  if (!r.authorization.empty()) cmd += fmt::format(" -H 'Authorization: {}'", r.authorization);
  if (r.insecure) cmd += " -k";
  if (!r.digest_user.empty()) cmd += fmt::format(" --digest -u '{}:{}'", r.digest_user, r.digest_password);
  if (!r.user_identify.empty()) cmd += fmt::format(" -H 'User-Identify: {}'", r.user_identify);
  if (r.method == "POST") {
    std::ofstream(body_file, std::ios::binary) << r.body;
    cmd += fmt::format(" -H 'Content-Type: application/VIID+JSON' --data-binary @'{}'", body_file.string());
  }
  cmd += fmt::format(" '{}' 2>/dev/null", r.url);
  CurlReply reply;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[32] = {};
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    ::pclose(p);
    reply.http = std::atoi(std::string(buf, n).c_str());
  }
  std::ifstream in(out_file, std::ios::binary);
  reply.body.assign(std::istreambuf_iterator<char>(in), {});
  std::ifstream head(head_file, std::ios::binary);
  reply.headers.assign(std::istreambuf_iterator<char>(head), {});
  std::filesystem::remove(head_file);
  std::filesystem::remove(body_file);
  std::filesystem::remove(out_file);
  return reply;
}

inline CurlReply get(const std::string& url) {
  CurlRequest r;
  r.method = "GET";
  r.url = url;
  return curl(r);
}

inline CurlReply post(const std::string& url, const std::string& body, const std::string& digest_user = "",
                      const std::string& digest_password = "") {
  CurlRequest r;
  r.url = url;
  r.body = body;
  r.digest_user = digest_user;
  r.digest_password = digest_password;
  return curl(r);
}

inline std::vector<std::uint8_t> demo_jpeg() {
  std::ifstream in(std::filesystem::path(FACECERT_SOURCE_DIR) / "spoof-datasets/demo/messi5.jpg", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline const char* kDevice = "31011500001190000001";

inline nlohmann::json sub_image(const std::string& data, const std::string& type = "11",
                                const std::string& shot = "20261127101500") {
  return {{"ImageID", "31011500001190000001022026112710150000001"},
          {"EventSort", 10},
          {"DeviceID", kDevice},
          {"StoragePath", ""},
          {"Type", type},
          {"FileFormat", "Jpeg"},
          {"ShotTime", shot},
          {"Width", 548},
          {"Height", 342},
          {"Data", data}};
}

inline nlohmann::json face(const std::string& face_id, const std::string& appear, const std::string& disappear,
                           nlohmann::json subs) {
  return {{"FaceID", face_id},
          {"InfoKind", 1},
          {"SourceID", "310115000011900000010220261127101500000"},
          {"DeviceID", kDevice},
          {"LeftTopX", 10},
          {"LeftTopY", 20},
          {"RightBtmX", 110},
          {"RightBtmY", 140},
          {"FaceAppearTime", appear},
          {"FaceDisAppearTime", disappear},
          {"ShotTime", appear},
          {"SubImageList", {{"SubImageInfoObject", std::move(subs)}}}};
}

inline std::string faces_body(nlohmann::json faces) {
  return nlohmann::json{{"FaceListObject", {{"FaceObject", std::move(faces)}}}}.dump();
}

inline std::string device_body(const char* object, const std::string& device = kDevice) {
  return nlohmann::json{{object, {{"DeviceID", device}}}}.dump();
}

}  // namespace facecert::testing::viid
