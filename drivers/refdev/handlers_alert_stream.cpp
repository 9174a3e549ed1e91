// ISAPI event push: GET /ISAPI/Event/notification/alertStream, a long-lived multipart/mixed answer
// (boundary MIME_boundary). Each new recognition event is one JSON part (AccessControllerEvent);
// a heartBeat part follows every --heartbeat-s seconds without events. The session polls the
// stream (router.h ReplyStream), so waiting holds no I/O thread.
#include <cstdlib>

#include <fmt/format.h>

#include "acs_event_json.h"
#include "audit_log.h"
#include "device.h"
#include "router.h"

namespace facecert::refdev {
namespace {

constexpr const char* kBoundary = "MIME_boundary";

class AlertStream : public ReplyStream {
 public:
  AlertStream(Device& device, std::string local)
      : device_(device),
        cursor_(device.events().last_serial()),
        heartbeat_(std::chrono::seconds(device.heartbeat_seconds())),
        last_part_(Clock::now()) {
    const auto colon = local.rfind(':');
    address_ = colon == std::string::npos ? local : local.substr(0, colon);
    port_ = colon == std::string::npos ? 0 : std::atoi(local.c_str() + colon + 1);
  }

  std::optional<std::string> poll() override {
    std::string out;
    for (const auto& e : device_.events().after(cursor_)) {
      cursor_ = e.serial;
      auto j = envelope("AccessControllerEvent");
      j["AccessControllerEvent"] = access_controller_event(e);
      out += part(j.dump());
    }
    const auto now = Clock::now();
    if (out.empty() && now - last_part_ >= heartbeat_) out = part(envelope("heartBeat").dump());
    if (!out.empty()) last_part_ = now;
    return out;
  }

 private:
  using Clock = std::chrono::steady_clock;

  nlohmann::json envelope(const char* event_type) const {
    return {{"ipAddress", address_},     {"portNo", port_},
            {"protocol", "HTTP"},        {"macAddress", ""},
            {"channelID", 1},            {"dateTime", iso8601_now()},
            {"activePostCount", 1},      {"eventType", event_type},
            {"eventState", "active"},    {"eventDescription", event_type}};
  }

  static std::string part(const std::string& body) {
    return fmt::format("--{}\r\nContent-Type: application/json; charset=\"UTF-8\"\r\n"
                       "Content-Length: {}\r\n\r\n{}\r\n",
                       kBoundary, body.size(), body);
  }

  Device& device_;
  std::uint64_t cursor_;
  Clock::duration heartbeat_;
  Clock::time_point last_part_;
  std::string address_;
  int port_ = 0;
};

ApiReply alert_stream(Device& device, const ApiRequest& req) {
  ApiReply r;
  r.content_type = fmt::format("multipart/mixed; boundary={}", kBoundary);
  r.stream = std::make_shared<AlertStream>(device, req.local);
  device.audit().append({"", req.remote, req.user, "alert-stream", "success", "subscribed"});
  return r;
}

}  // namespace

void add_alert_stream_routes(Router& r) {
  r.add("GET", "/ISAPI/Event/notification/alertStream", alert_stream);
}

}  // namespace facecert::refdev
