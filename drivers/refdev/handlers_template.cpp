// GET /ISAPI/Refdev/template?employeeNo=ID: the face template of an enrolled person under the
// device's default template key (template_json.h), as a terminal's feature sync sends it to a
// server. Served on the TLS API, or, with the flaw plaintext-features, only on the plain-HTTP
// feature-sync listener.
#include <fmt/format.h>

#include "device.h"
#include "request_error.h"
#include "router.h"
#include "template_json.h"

namespace facecert::refdev {
namespace {

ApiReply face_template_reply(Device& device, const ApiRequest& req) {
  const auto it = req.query.find("employeeNo");
  if (it == req.query.end() || it->second.empty())
    throw RequestError(400, "badParameters", "employeeNo is required");
  const auto t = device.face_template_of(it->second);
  if (!t)
    throw RequestError(404, "noSuchPerson", fmt::format("no person with FPID '{}'", it->second));
  auto j = to_json(*t);
  j["employeeNo"] = it->second;
  return json_reply(j);
}

}  // namespace

void add_template_routes(Router& r) { r.add("GET", "/ISAPI/Refdev/template", face_template_reply); }

}  // namespace facecert::refdev
