// Clip presentations (6.1.4): a presenter feeds a clip frame by frame at its rate and the device
// judges the whole: liveness (presentation attack detection) first, then identity.
//   POST /ISAPI/Refdev/camera/presentation?format=json     multipart PresentationRequest {"mode":
//        "identify"|"verify"} [+ IDImage]                  -> {"presentationId"}
//   POST /ISAPI/Refdev/camera/presentation/frame?id=ID&t=SECONDS   body: image/jpeg|png -> {"frames"}
//   POST /ISAPI/Refdev/camera/presentation/end?id=ID       -> the decision, with "pad" (liveness)
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "device.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"

namespace facecert::refdev {
namespace {

const std::string& query_or_throw(const ApiRequest& req, const char* name) {
  const auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty())
    throw RequestError(400, "badParameters", fmt::format("missing query parameter '{}'", name));
  return it->second;
}

ApiReply open_presentation(Device& device, const ApiRequest& req) {
  const auto parts = parts_of(req);
  const auto request = json_body(required(parts, "PresentationRequest").body);
  const std::string mode = request.value("mode", std::string("identify"));
  if (mode != "identify" && mode != "verify")
    throw RequestError(400, "badParameters", fmt::format("unsupported mode '{}' (identify, verify)", mode));
  std::string id_image;
  if (mode == "verify") id_image = required(parts, "IDImage").body;
  const auto id = device.presentations().open(mode, std::move(id_image));
  return json_reply({{"presentationId", id}, {"mode", mode}});
}

ApiReply add_frame(Device& device, const ApiRequest& req) {
  const auto& id = query_or_throw(req, "id");
  const auto& t_text = query_or_throw(req, "t");
  char* end = nullptr;
  const double t = std::strtod(t_text.c_str(), &end);
  if (end == t_text.c_str() || *end != '\0' || !std::isfinite(t))
    throw RequestError(400, "badParameters", fmt::format("t '{}' is not a number of seconds", t_text));
  if (req.body.empty()) throw RequestError(400, "badImage", "empty frame");
  const auto frames = device.presentations().add_frame(id, req.body, t);
  return json_reply({{"presentationId", id}, {"frames", frames}});
}

ApiReply end_presentation(Device& device, const ApiRequest& req) {
  const auto& id = query_or_throw(req, "id");
  auto presentation = device.presentations().close(id);
  const std::string mode = presentation.mode;
  const std::size_t frames = presentation.frames.size();
  const Decision d = device.judge_presentation(std::move(presentation));
  nlohmann::json j = {{"presentationId", id},
                      {"mode", mode},
                      {"frames", frames},
                      {"decision", d.decision},
                      {"FPID", d.decision == "accepted" ? d.person_id : ""},
                      {"score", d.score},
                      {"scoreType", "lbphDistance"},
                      {"threshold", kAcceptDistance}};
  if (!d.detail.empty()) j["detail"] = d.detail;
  if (d.pad) {
    nlohmann::json cues = nlohmann::json::object();
    for (const auto& [name, value] : d.pad->cues) cues[name] = std::isfinite(value) ? value : 0.0;
    j["pad"] = {{"attackScore", std::clamp(d.pad->attack_score, 0.0, 1.0)},
                {"attack", d.pad->attack},
                {"cue", d.pad->cue},
                {"cues", cues}};
  }
  return json_reply(j);
}

}  // namespace

void add_presentation_routes(Router& r) {
  r.add("POST", "/ISAPI/Refdev/camera/presentation", open_presentation);
  r.add("POST", "/ISAPI/Refdev/camera/presentation/frame", add_frame);
  r.add("POST", "/ISAPI/Refdev/camera/presentation/end", end_presentation);
}

}  // namespace facecert::refdev
