// Storage, retention and the audit log.
//   GET      /ISAPI/Refdev/storage/media?format=json
//   GET|PUT  /ISAPI/Refdev/retention?format=json     {"retentionSeconds": N}
//   GET|POST /ISAPI/ContentMgmt/logSearch?format=json
#include <fmt/format.h>

#include "device.h"
#include "media_catalog.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"

namespace facecert::refdev {
namespace {

ApiReply media(Device& device, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : list_media(device.data_dir()))
    list.push_back({{"path", m.path},
                    {"category", m.category},
                    {"size", m.size},
                    {"sha256", m.sha256},
                    {"modified", m.modified}});
  return json_reply({{"MediaList", list}});
}

ApiReply get_retention(Device& device, const ApiRequest&) {
  return json_reply({{"retentionSeconds", device.retention().seconds()}});
}

ApiReply put_retention(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  if (!body.contains("retentionSeconds") || !body["retentionSeconds"].is_number_integer() ||
      body["retentionSeconds"].get<std::int64_t>() < 0)
    throw RequestError(400, "badParameters", "retentionSeconds must be an integer >= 0");
  const auto seconds = body["retentionSeconds"].get<std::int64_t>();
  device.retention().set(seconds);
  device.audit().append({"", req.remote, req.user, "set-retention", "success",
                         fmt::format("retentionSeconds={}", seconds)});
  device.purge_expired();
  return json_reply(ok_status());
}

ApiReply log_search(Device& device, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : device.audit().read_all()) list.push_back(r);
  return json_reply({{"LogList", list}, {"totalMatches", list.size()}});
}

}  // namespace

void add_storage_routes(Router& r) {
  r.add("GET", "/ISAPI/Refdev/storage/media", media);
  r.add("GET", "/ISAPI/Refdev/retention", get_retention);
  r.add("PUT", "/ISAPI/Refdev/retention", put_retention);
  r.add("GET", "/ISAPI/ContentMgmt/logSearch", log_search);
  r.add("POST", "/ISAPI/ContentMgmt/logSearch", log_search);
}

}  // namespace facecert::refdev
