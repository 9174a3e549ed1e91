// Recognition: what the camera saw (1:N), ID document against live face (1:1), and the events.
//   POST /ISAPI/Refdev/camera/frame?mode=identify   body: image/jpeg or image/png
//   POST /ISAPI/Refdev/verify?format=json           multipart IDImage + LiveImage
//   GET  /ISAPI/AccessControl/AcsEvent?format=json
#include <fmt/format.h>

#include "device.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"

namespace facecert::refdev {
namespace {

nlohmann::json decision_json(const Decision& d) {
  nlohmann::json j = {{"decision", d.decision},
                      {"FPID", d.decision == "accepted" ? d.person_id : ""},
                      {"score", d.score},
                      {"scoreType", "lbphDistance"},
                      {"threshold", kAcceptDistance}};
  if (!d.detail.empty()) j["detail"] = d.detail;
  return j;
}

ApiReply camera_frame(Device& device, const ApiRequest& req) {
  const auto mode = req.query.find("mode");
  if (mode != req.query.end() && mode->second != "identify")
    throw RequestError(400, "badParameters",
                       fmt::format("unsupported mode '{}' (supported: identify)", mode->second));
  if (req.body.empty()) throw RequestError(400, "badImage", "empty frame");
  auto j = decision_json(device.identify(req.body));
  j["mode"] = "identify";
  return json_reply(j);
}

ApiReply verify(Device& device, const ApiRequest& req) {
  const auto parts = parts_of(req);
  auto j = decision_json(
      device.verify(required(parts, "IDImage").body, required(parts, "LiveImage").body));
  j["mode"] = "verify";
  return json_reply(j);
}

ApiReply acs_events(Device& device, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : device.events().recent())
    list.push_back({{"time", e.time},
                    {"mode", e.mode},
                    {"decision", e.decision},
                    {"FPID", e.person_id},
                    {"score", e.score}});
  return json_reply({{"AcsEvent", {{"totalMatches", list.size()}, {"InfoList", list}}}});
}

}  // namespace

void add_recognition_routes(Router& r) {
  r.add("POST", "/ISAPI/Refdev/camera/frame", camera_frame);
  r.add("POST", "/ISAPI/Refdev/verify", verify);
  r.add("GET", "/ISAPI/AccessControl/AcsEvent", acs_events);
}

}  // namespace facecert::refdev
