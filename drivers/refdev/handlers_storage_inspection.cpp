// What a lab asks of the device's storage (clauses 6.1.2, 6.1.5, 6.2.4):
//   GET /ISAPI/Refdev/storage/dump                        application/x-tar of DATA
//   GET /ISAPI/Refdev/storage/stores?format=json          where face/identity/other data live
//   GET /ISAPI/Refdev/storage/records?store=NAME&format=json   every record of one store
#include <fmt/format.h>

#include "device.h"
#include "request_error.h"
#include "router.h"
#include "storage_catalog.h"

namespace facecert::refdev {
namespace {

ApiReply dump(Device& device, const ApiRequest& req) {
  ApiReply r{200, "application/x-tar", device.storage_dump(), {}, nullptr};
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"{}-data.tar\"", device.identity().serial));
  device.audit().append({"", req.remote, req.user, "storage-dump", "success",
                         fmt::format("{} bytes", r.body.size())});
  return r;
}

ApiReply stores(Device& device, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : storage_catalog(device)) list.push_back(to_json(s.about));
  return json_reply({{"StoreList", list}});
}

ApiReply records(Device& device, const ApiRequest& req) {
  const auto name = req.query.find("store");
  if (name == req.query.end() || name->second.empty())
    throw RequestError(400, "badParameters", "missing the store parameter");
  for (const auto& s : storage_catalog(device)) {
    if (s.about.name != name->second) continue;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : s.read()) list.push_back(to_json(r));
    return json_reply({{"store", s.about.name}, {"totalMatches", list.size()}, {"RecordList", list}});
  }
  throw RequestError(404, "noSuchStore", fmt::format("no store named '{}'", name->second));
}

}  // namespace

void add_storage_inspection_routes(Router& r) {
  r.add("GET", "/ISAPI/Refdev/storage/dump", dump);
  r.add("GET", "/ISAPI/Refdev/storage/stores", stores);
  r.add("GET", "/ISAPI/Refdev/storage/records", records);
}

}  // namespace facecert::refdev
