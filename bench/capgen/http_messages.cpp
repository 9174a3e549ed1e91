#include "http_messages.h"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace facecert::capgen {
namespace {

constexpr std::array kFamily = {"Zhang", "Wang", "Li", "Zhao", "Chen", "Liu", "Yang", "Huang", "Zhou", "Wu"};
constexpr std::array kGiven = {"Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Hua", "Jun", "Xin", "Ping", "Qiang"};
constexpr std::array kEvents = {"door_open", "face_match", "stranger", "tamper", "heartbeat", "visitor_checkin"};

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string timestamp(std::uint64_t t) {
  // 2024-03-01 plus t seconds, good enough for a day of capture.
  return fmt::format("2024-03-01T{:02}:{:02}:{:02}+08:00", (9 + t / 3600) % 24, (t / 60) % 60, t % 60);
}

// Random hex id; never a run of more than 6 digits, so ids can never look like identity numbers.
std::string hex(Rng& rng, int n) {
  std::string s;
  int digits = 0;
  for (int i = 0; i < n; ++i) {
    const char c = digits >= 6 ? "abcdef"[rng.below(6)] : "0123456789abcdef"[rng.below(16)];
    digits = c <= '9' ? digits + 1 : 0;
    s.push_back(c);
  }
  return s;
}

std::string request(const std::string& method, const std::string& path, const HttpContext& ctx,
                    const std::string& content_type, const std::string& body, const char* agent) {
  std::string r = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nAccept: */*\r\nConnection: keep-alive\r\n",
                              method, path, ctx.host, agent);
  if (!content_type.empty())
    r += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  r += "\r\n";
  r += body;
  return r;
}

std::string person_json(Rng& rng, const HttpContext& ctx) {
  std::string p = fmt::format(R"({{"name":"{}","phone":"{}")", fake_name(rng), fake_mobile(rng));
  if (ctx.allow_resident_ids && rng.chance(0.02)) p += fmt::format(R"(,"idNumber":"{}")", synthetic_resident_id(rng));
  return p + "}";
}

}  // namespace

std::string fake_name(Rng& rng) {
  return fmt::format("{} {}", kFamily[rng.below(kFamily.size())], kGiven[rng.below(kGiven.size())]);
}

std::string fake_mobile(Rng& rng) { return fmt::format("1380000{:04}", rng.below(10000)); }

std::string synthetic_resident_id(Rng& rng) {
  std::string id = fmt::format("99000019000101{:03}", rng.below(1000));
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id.push_back("10X98765432"[sum % 11]);
  return id;
}

std::string face_upload_multipart(Rng& rng, const HttpContext& ctx, const std::string& jpeg) {
  const std::string boundary = "----FaceCapture" + hex(rng, 16);
  std::string body;
  auto field = [&](const std::string& name, const std::string& value) {
    body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n", boundary, name, value);
  };
  field("deviceId", ctx.device_id);
  field("captureTime", timestamp(ctx.time_s));
  field("channel", std::to_string(1 + rng.below(4)));
  field("quality", fmt::format("{:.2f}", rng.uniform(0.6, 0.99)));
  body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"faceImage\"; filename=\"face_{}.jpg\"\r\n"
                      "Content-Type: image/jpeg\r\n\r\n",
                      boundary, hex(rng, 12));
  body += jpeg;
  body += fmt::format("\r\n--{}--\r\n", boundary);
  return request("POST", "/api/v1/face/capture", ctx, "multipart/form-data; boundary=" + boundary, body,
                 "FaceCam-IPC/3.2.1");
}

std::string face_upload_json(Rng& rng, const HttpContext& ctx, const std::string& jpeg) {
  const std::string body = fmt::format(
      R"({{"deviceId":"{}","captureTime":"{}","eventId":"{}","similarity":{:.3f},"person":{},"faceImage":"{}"}})",
      ctx.device_id, timestamp(ctx.time_s), hex(rng, 24), rng.uniform(0.5, 0.99), person_json(rng, ctx), base64(jpeg));
  return request("POST", "/api/v2/events/face", ctx, "application/json", body, "FaceTerminal/2.8 (Linux)");
}

std::string image_get_request(Rng& rng, const HttpContext& ctx, std::size_t index) {
  return request("GET", fmt::format("/static/img/{}_{}.jpg", hex(rng, 8), index), ctx, "", "",
                 "Mozilla/5.0 (X11; Linux x86_64)");
}

std::string image_response(Rng& rng, const std::string& jpeg) {
  return fmt::format("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n"
                     "ETag: \"{}\"\r\nCache-Control: max-age=3600\r\n\r\n",
                     jpeg.size(), hex(rng, 16)) +
         jpeg;
}

std::string json_api_request(Rng& rng, const HttpContext& ctx) {
  if (rng.chance(0.4))
    return request("GET", fmt::format("/api/v1/devices/{}/status?t={}", ctx.device_id, ctx.time_s), ctx, "", "",
                   "okhttp/4.9.3");
  std::string records;
  const auto n = rng.range(1, 12);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (i) records += ',';
    records += fmt::format(R"({{"eventId":"{}","type":"{}","time":"{}","door":{},"user":{}}})", hex(rng, 24),
                           kEvents[rng.below(kEvents.size())], timestamp(ctx.time_s), rng.below(8),
                           rng.chance(0.5) ? person_json(rng, ctx) : std::string("null"));
  }
  const std::string body = fmt::format(R"({{"deviceId":"{}","seq":{},"events":[{}]}})", ctx.device_id, rng.below(1000000), records);
  return request("POST", "/api/v1/events", ctx, "application/json", body, "okhttp/4.9.3");
}

std::string json_response(Rng& rng, std::size_t pad_bytes) {
  std::string items;
  while (items.size() < pad_bytes) {
    if (!items.empty()) items += ',';
    items += fmt::format(R"({{"id":"{}","online":{},"temp":{:.1f}}})", hex(rng, 12), rng.chance(0.9) ? "true" : "false",
                         rng.uniform(30, 60));
  }
  const std::string body = fmt::format(R"({{"code":0,"msg":"ok","requestId":"{}","data":[{}]}})", hex(rng, 32), items);
  return fmt::format("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/json;charset=UTF-8\r\n"
                     "Content-Length: {}\r\nConnection: keep-alive\r\n\r\n{}",
                     body.size(), body);
}

}  // namespace facecert::capgen
