// Template protection (6.1.3): keys, templates made without enrolling, the device's comparator.
//   GET    /ISAPI/Refdev/template/keys?format=json            the active keys
//   POST   /ISAPI/Refdev/template/keys?format=json            a new key -> keyId
//   DELETE /ISAPI/Refdev/template/keys?keyId=ID&format=json   revoke (erase) a key
//   POST   /ISAPI/Refdev/template/make?format=json            multipart TemplateRequest + FaceImage
//   POST   /ISAPI/Refdev/template/compare?format=json         {"templateA":{...},"templateB":{...}}
// Always on the TLS API (the flaw plaintext-features moves only the feature sync).
#include <fmt/format.h>

#include "device.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"
#include "template_json.h"

namespace facecert::refdev {
namespace {

ApiReply list_keys(Device& device, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& k : device.template_keys().list())
    list.push_back({{"keyId", k.key_id}, {"created", k.created}, {"default", k.is_default}});
  return json_reply({{"KeyList", list}, {"totalMatches", list.size()}});
}

ApiReply create_key(Device& device, const ApiRequest& req) {
  const std::string id = device.template_keys().create();
  device.audit().append({"", req.remote, req.user, "template-key-create", "success", "key " + id});
  auto j = ok_status();
  j["keyId"] = id;
  return json_reply(j);
}

ApiReply revoke_key(Device& device, const ApiRequest& req) {
  const auto it = req.query.find("keyId");
  if (it == req.query.end() || it->second.empty())
    throw RequestError(400, "badParameters", "keyId is required");
  const std::string& id = it->second;
  if (!device.template_keys().revoke(id)) {
    const bool revoked = device.template_keys().state(id) == TemplateKeyStore::State::Revoked;
    device.audit().append({"", req.remote, req.user, "template-key-revoke", "failure",
                           fmt::format("key {} {}", id, revoked ? "already revoked" : "unknown")});
    if (revoked)
      throw RequestError(410, "keyRevoked", fmt::format("template key '{}' has been revoked", id));
    throw RequestError(404, "noSuchKey", fmt::format("no template key '{}'", id));
  }
  device.audit().append({"", req.remote, req.user, "template-key-revoke", "success", "key " + id});
  return json_reply(ok_status());
}

ApiReply make_template(Device& device, const ApiRequest& req) {
  const auto parts = parts_of(req);
  const auto* request = drivers::multipart::find(parts, "TemplateRequest");
  const auto options = json_body(request ? request->body : std::string());
  const auto key = options.contains("keyId") ? options["keyId"] : nlohmann::json("");
  if (!key.is_string()) throw RequestError(400, "badParameters", "TemplateRequest.keyId is not text");
  // 6.1.2: the image is processed in memory only.
  return json_reply(to_json(device.make_template(required(parts, "FaceImage").body, key.get<std::string>())));
}

ApiReply compare_templates(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  for (const char* k : {"templateA", "templateB"})
    if (!body.contains(k)) throw RequestError(400, "badParameters", fmt::format("'{}' is required", k));
  const auto m = device.compare_templates(template_from_json(body["templateA"], "A"),
                                          template_from_json(body["templateB"], "B"));
  nlohmann::json j = {{"score", m.score}, {"match", m.match}, {"threshold", m.threshold},
                      {"scoreType", m.score_type}};
  if (!m.detail.empty()) j["detail"] = m.detail;
  return json_reply(j);
}

}  // namespace

void add_template_protection_routes(Router& r) {
  r.add("GET", "/ISAPI/Refdev/template/keys", list_keys);
  r.add("POST", "/ISAPI/Refdev/template/keys", create_key);
  r.add("DELETE", "/ISAPI/Refdev/template/keys", revoke_key);
  r.add("POST", "/ISAPI/Refdev/template/make", make_template);
  r.add("POST", "/ISAPI/Refdev/template/compare", compare_templates);
}

}  // namespace facecert::refdev
