#include "flow_factory.h"

#include <cmath>

#include <fmt/format.h>

#include "http_messages.h"
#include "tls_messages.h"

namespace facecert::capgen {
namespace {

constexpr std::array kSni = {"api.platform.example.com", "video.cdn.example.net", "update.vendor.example.org",
                             "storage.cloud.example.com", "mail.example.com", "telemetry.example.net",
                             "cdn.static.example.org", "push.example.com"};

std::string host_of(const FlowSpec& s) {
  const auto& ip = s.server.ip;
  if (s.link.ipv6) return fmt::format("[fd00:0:10::{:x}]:{}", ip[15], s.server.port);
  return fmt::format("{}.{}.{}.{}:{}", ip[0], ip[1], ip[2], ip[3], s.server.port);
}

std::uint64_t message_bytes(const FlowSpec& s) {
  std::uint64_t n = 0;
  for (const auto& m : s.messages) n += m.bytes.size() + m.tls_app_bytes;
  return n;
}

}  // namespace

const char* category_name(int c) {
  static constexpr std::array kNames = {"tls1.3 bulk", "tls1.2 bulk", "json api (http)", "face images (http)",
                                        "other images (http)"};
  return kNames[static_cast<std::size_t>(c)];
}

FlowFactory::FlowFactory(Mix mix, std::uint64_t seed, ImagePool& images)
    : mix_(mix), rng_(seed ^ 0xF1077ull), images_(images),
      certificate_(self_signed_certificate(seed, "platform.example.internal")) {
  if (mix == Mix::Tls)
    share_ = {0.65, 0.30, 0.05, 0.0, 0.0};
  else if (mix == Mix::Faces)
    share_ = {0.55, 0.25, 0.05, 0.10, 0.05};
  else
    share_ = {0.60, 0.25, 0.05, 0.10, 0.0};
}

int FlowFactory::pick_category(const std::array<std::uint64_t, kCategoryCount>& written) {
  // The class furthest behind its share of the bytes; ties and the start by chance.
  std::array<double, kCategoryCount> have{};
  double total = 0;
  for (std::size_t c = 0; c < have.size(); ++c) total += static_cast<double>(written[c]);
  for (std::size_t c = 0; c < have.size(); ++c) have[c] = total > 0 ? static_cast<double>(written[c]) : planned_[c];
  total = 0;
  for (double p : have) total += p;
  int best = -1;
  double best_gap = 0;
  for (int c = 0; c < kCategoryCount; ++c) {
    if (share_[static_cast<std::size_t>(c)] <= 0) continue;
    const double gap = share_[static_cast<std::size_t>(c)] * total - have[static_cast<std::size_t>(c)] +
                       rng_.uniform(0, 200000);
    if (best < 0 || gap > best_gap) {
      best = c;
      best_gap = gap;
    }
  }
  return best;
}

FlowSpec FlowFactory::endpoints(bool plain_http) {
  FlowSpec s;
  s.link.ipv6 = rng_.chance(0.08);
  if (rng_.chance(0.12)) s.link.vlan = rng_.chance(0.5) ? 20 : 30;
  s.link.ttl = 64;
  // Devices: 4096 of them; servers: 48 platforms, a few on documentation (TEST-NET) addresses.
  const auto dev = rng_.below(4096);
  const auto srv = rng_.below(48);
  s.client.mac = {0x02, 0xCA, 0x00, 0x00, static_cast<std::uint8_t>(dev >> 8), static_cast<std::uint8_t>(dev)};
  s.server.mac = {0x02, 0x5E, 0x00, 0x00, 0x00, 0x01};  // the gateway the mirror port sees
  if (s.link.ipv6) {
    s.client.ip = {0xFD, 0x00, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(dev >> 8),
                   static_cast<std::uint8_t>(dev)};
    s.server.ip = {0xFD, 0x00, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(srv + 1)};
  } else {
    s.client.ip = {10, 20, static_cast<std::uint8_t>(dev >> 8), static_cast<std::uint8_t>(1 + (dev & 0xFF) % 254)};
    if (srv < 40)
      s.server.ip = {10, 10, 0, static_cast<std::uint8_t>(srv + 1)};
    else
      s.server.ip = {198, 51, 100, static_cast<std::uint8_t>(srv)};
  }
  s.client.port = static_cast<std::uint16_t>(rng_.range(32768, 60999));
  s.server.port = plain_http ? (rng_.chance(0.5) ? 80 : 8080) : 443;
  return s;
}

std::uint64_t FlowFactory::bulk_bytes() {
  // Log-uniform 2 KB .. 2 MB: many short API sessions, some long downloads/uploads.
  return static_cast<std::uint64_t>(std::exp(rng_.uniform(std::log(2e3), std::log(2e6))));
}

void FlowFactory::tls13(FlowSpec& s) {
  const std::string sni = kSni[rng_.below(kSni.size())];
  s.messages.push_back({true, tls_client_hello(rng_, sni, true), 0});
  s.messages.push_back({false, tls13_server_flight(rng_), 0});
  s.messages.push_back({true, tls13_client_finished(rng_), 0});
  const bool upload = rng_.chance(0.4);
  const auto rounds = rng_.range(1, 3);
  for (std::uint64_t r = 0; r < rounds; ++r) {
    const auto bulk = bulk_bytes() / rounds + 1;
    s.messages.push_back({true, {}, upload ? bulk : rng_.range(200, 900)});
    s.messages.push_back({false, {}, upload ? rng_.range(100, 400) : bulk});
  }
}

void FlowFactory::tls12(FlowSpec& s) {
  const std::string sni = kSni[rng_.below(kSni.size())];
  s.messages.push_back({true, tls_client_hello(rng_, sni, false), 0});
  s.messages.push_back({false, tls12_server_flight(rng_, certificate_), 0});
  s.messages.push_back({true, tls12_client_finish(rng_), 0});
  s.messages.push_back({false, tls12_server_finish(rng_), 0});
  const bool upload = rng_.chance(0.4);
  const auto bulk = bulk_bytes();
  s.messages.push_back({true, {}, upload ? bulk : rng_.range(200, 900)});
  s.messages.push_back({false, {}, upload ? rng_.range(100, 400) : bulk});
}

void FlowFactory::json_api(FlowSpec& s, std::uint64_t now_s) {
  HttpContext ctx{host_of(s),
                  fmt::format("CAM-{:04}", rng_.below(4096)), now_s, mix_ != Mix::Tls};
  const auto n = rng_.range(1, 8);
  for (std::uint64_t i = 0; i < n; ++i) {
    s.messages.push_back({true, json_api_request(rng_, ctx), 0});
    s.messages.push_back({false, json_response(rng_, rng_.range(20, 3000)), 0});
  }
}

void FlowFactory::face_images(FlowSpec& s, std::uint64_t now_s) {
  HttpContext ctx{host_of(s),
                  fmt::format("CAM-{:04}", rng_.below(4096)), now_s, true};
  const auto n = rng_.range(1, 4);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string& jpeg = images_.get(ImagePool::Kind::Face, next_face_++);
    s.messages.push_back({true, rng_.chance(0.5) ? face_upload_multipart(rng_, ctx, jpeg) : face_upload_json(rng_, ctx, jpeg), 0});
    s.messages.push_back({false, json_response(rng_, 0), 0});
  }
}

void FlowFactory::other_images(FlowSpec& s) {
  HttpContext ctx{host_of(s), "", 0, false};
  const auto n = rng_.range(1, 3);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string& jpeg = images_.get(ImagePool::Kind::NonFace, next_other_++);
    s.messages.push_back({true, image_get_request(rng_, ctx, next_other_), 0});
    s.messages.push_back({false, image_response(rng_, jpeg), 0});
  }
}

std::unique_ptr<TcpFlow> FlowFactory::next(std::uint64_t now_s,
                                           const std::array<std::uint64_t, kCategoryCount>& written) {
  const int c = pick_category(written);
  FlowSpec s = endpoints(c >= kJsonApi);
  s.category = c;
  switch (c) {
    case kTls13: tls13(s); break;
    case kTls12: tls12(s); break;
    case kJsonApi: json_api(s, now_s); break;
    case kFaceImages: face_images(s, now_s); break;
    default: other_images(s); break;
  }
  planned_[static_cast<std::size_t>(c)] += static_cast<double>(message_bytes(s));
  return std::make_unique<TcpFlow>(std::move(s), rng_.fork(++flows_));
}

}  // namespace facecert::capgen
