// The face library (ISAPI FDLib): enrol a person, search, delete.
//   POST /ISAPI/Intelligent/FDLib/FaceDataRecord?format=json  multipart FaceDataRecord + FaceImage
//        (with "FPID": the face of the existing person whose employeeNo it is; without: a new
//        person from name + certificateNumber)
//   POST /ISAPI/Intelligent/FDLib/FDSearch?format=json
//   PUT  /ISAPI/Intelligent/FDLib/FDSearch/Delete?format=json  {"FPID":[{"value":"..."}]}
#include <fmt/format.h>

#include "device.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"

namespace facecert::refdev {
namespace {

// Access-control style: FPID = employeeNo of a person added by UserInfo/Record.
ApiReply attach_face(Device& device, const ApiRequest& req, const std::string& fpid,
                     const std::string& image) {
  try {
    device.attach_face(fpid, image);
  } catch (const RequestError& e) {
    device.audit().append({"", req.remote, req.user, "enrol", "failure", e.what()});
    throw;
  }
  device.audit().append({"", req.remote, req.user, "enrol", "success", "face of person " + fpid});
  auto j = ok_status();
  j["FPID"] = fpid;
  return json_reply(j);
}

ApiReply enrol(Device& device, const ApiRequest& req) {
  const auto parts = parts_of(req);
  const auto record = json_body(required(parts, "FaceDataRecord").body);
  if (const auto fpid = record.find("FPID"); fpid != record.end() && !fpid->is_null())
    return attach_face(device, req, fpid->is_string() ? fpid->get<std::string>() : fpid->dump(),
                       required(parts, "FaceImage").body);
  const std::string name = record.value("name", "");
  const std::string id_number = record.value("certificateNumber", "");
  if (name.empty()) throw RequestError(400, "badParameters", "FaceDataRecord.name is empty");
  std::string fpid;
  try {
    fpid = device.enrol(name, id_number, required(parts, "FaceImage").body);
  } catch (const RequestError& e) {
    device.audit().append({"", req.remote, req.user, "enrol", "failure", e.what()});
    throw;
  }
  device.audit().append({"", req.remote, req.user, "enrol", "success", "person " + fpid});
  auto j = ok_status();
  j["FPID"] = fpid;
  return json_reply(j);
}

ApiReply search(Device& device, const ApiRequest& req) {
  const auto cond = json_body(req.body);
  const std::string fpid = cond.value("FPID", "");
  const auto start = cond.value("searchResultPosition", 0);
  const auto max = cond.value("maxResults", 1000);
  auto all = device.identities().list();
  nlohmann::json matches = nlohmann::json::array();
  int total = 0;
  for (const auto& p : all) {
    if (!fpid.empty() && p.person_id != fpid) continue;
    if (total++ < start || static_cast<int>(matches.size()) >= max) continue;
    matches.push_back({{"FPID", p.person_id},
                       {"name", p.name},
                       {"certificateNumber", p.id_number},
                       {"created", p.created}});
  }
  return json_reply({{"responseStatusStrg", "OK"},
                     {"numOfMatches", matches.size()},
                     {"totalMatches", total},
                     {"MatchList", matches}});
}

ApiReply remove(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  if (!body.contains("FPID") || !body["FPID"].is_array() || body["FPID"].empty())
    throw RequestError(400, "badParameters", "expected {\"FPID\":[{\"value\":\"...\"}]}");
  for (const auto& item : body["FPID"]) {
    const std::string fpid = item.is_object() ? item.value("value", "") : "";
    if (!device.delete_person(fpid)) {
      device.audit().append({"", req.remote, req.user, "delete-person", "failure",
                             "unknown person " + fpid});
      throw RequestError(404, "noSuchPerson", fmt::format("no person with FPID '{}'", fpid));
    }
    device.audit().append({"", req.remote, req.user, "delete-person", "success", "person " + fpid});
  }
  return json_reply(ok_status());
}

}  // namespace

void add_fdlib_routes(Router& r) {
  r.add("POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord", enrol);
  r.add("POST", "/ISAPI/Intelligent/FDLib/FDSearch", search);
  r.add("PUT", "/ISAPI/Intelligent/FDLib/FDSearch/Delete", remove);
}

}  // namespace facecert::refdev
