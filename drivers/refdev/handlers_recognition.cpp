// Recognition: what the camera saw (1:N), ID document against live face (1:1), and the events.
//   POST /ISAPI/Refdev/camera/frame?mode=identify   body: image/jpeg or image/png
//   POST /ISAPI/Refdev/verify?format=json           multipart IDImage + LiveImage
//   GET  /ISAPI/AccessControl/AcsEvent?format=json           every kept event (refdev form)
//   POST /ISAPI/AccessControl/AcsEvent?format=json           {"AcsEventCond":{...}} paged (ISAPI)
#include <fmt/format.h>

#include "acs_event_json.h"
#include "device.h"
#include "paged_search.h"
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

// ISAPI AcsEvent search: major/minor 0 = any; paged by searchResultPosition / maxResults.
ApiReply acs_event_search(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  const auto cond = body.find("AcsEventCond");
  if (cond == body.end() || !cond->is_object())
    throw RequestError(400, "badParameters", "expected a JSON object 'AcsEventCond'");
  const auto page = PageRequest::from(*cond);
  const int major = cond->value("major", 0), minor = cond->value("minor", 0);
  std::vector<nlohmann::json> all;
  for (const auto& e : device.events().recent()) {
    if (major != 0 && major != kAcsMajorEvent) continue;
    if (minor != 0 && minor != acs_minor(e)) continue;
    all.push_back(acs_event_info(e));
  }
  return json_reply({{"AcsEvent", page.answer(all, "InfoList")}});
}

}  // namespace

void add_recognition_routes(Router& r) {
  r.add("POST", "/ISAPI/Refdev/camera/frame", camera_frame);
  r.add("POST", "/ISAPI/Refdev/verify", verify);
  r.add("GET", "/ISAPI/AccessControl/AcsEvent", acs_events);
  r.add("POST", "/ISAPI/AccessControl/AcsEvent", acs_event_search);
}

}  // namespace facecert::refdev
