// ISAPI access-control persons (UserInfo), audited like enrol / delete-person:
//   POST /ISAPI/AccessControl/UserInfo/Record?format=json  {"UserInfo":{employeeNo?,name,...}}
//   PUT  /ISAPI/AccessControl/UserInfo/Modify?format=json  {"UserInfo":{employeeNo,name,...}}
//   PUT  /ISAPI/AccessControl/UserInfo/Delete?format=json  {"UserInfoDelCond":{"EmployeeNoList":[..]}}
//   POST /ISAPI/AccessControl/UserInfo/Search?format=json  {"UserInfoSearchCond":{...}} (paged)
#include <set>

#include <fmt/format.h>

#include "device.h"
#include "paged_search.h"
#include "request_body.h"
#include "request_error.h"
#include "router.h"

namespace facecert::refdev {
namespace {

const nlohmann::json& object_in(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || !it->is_object())
    throw RequestError(400, "badParameters", fmt::format("expected a JSON object '{}'", key));
  return *it;
}

std::string text_of(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string())
    throw RequestError(400, "badParameters", fmt::format("'{}' must be a string", key));
  return it->get<std::string>();
}

void audit(Device& device, const ApiRequest& req, const char* event, const char* outcome,
           const std::string& detail) {
  device.audit().append({"", req.remote, req.user, event, outcome, detail});
}

ApiReply record(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  const auto& info = object_in(body, "UserInfo");
  std::string id;
  try {
    id = device.add_person(text_of(info, "employeeNo"), text_of(info, "name"),
                           text_of(info, "certificateNumber"));
  } catch (const RequestError& e) {
    audit(device, req, "add-person", "failure", e.what());
    throw;
  }
  audit(device, req, "add-person", "success", "person " + id);
  auto j = ok_status();
  j["employeeNo"] = id;
  return json_reply(j);
}

ApiReply modify(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  const auto& info = object_in(body, "UserInfo");
  const std::string id = text_of(info, "employeeNo");
  if (!device.modify_person(id, text_of(info, "name"), text_of(info, "certificateNumber"))) {
    audit(device, req, "modify-person", "failure", "unknown person " + id);
    throw RequestError(404, "noSuchPerson", fmt::format("no person with employeeNo '{}'", id));
  }
  audit(device, req, "modify-person", "success", "person " + id);
  return json_reply(ok_status());
}

std::vector<std::string> employee_nos(const nlohmann::json& cond) {
  std::vector<std::string> out;
  const auto list = cond.find("EmployeeNoList");
  if (list == cond.end()) return out;
  if (!list->is_array())
    throw RequestError(400, "badParameters", "EmployeeNoList must be an array");
  for (const auto& item : *list) {
    if (!item.is_object()) throw RequestError(400, "badParameters", "EmployeeNoList item is not an object");
    out.push_back(text_of(item, "employeeNo"));
  }
  return out;
}

// Deletes as FDSearch/Delete does: identity row, face files and template, erased (6.1.2).
ApiReply remove(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  const auto ids = employee_nos(object_in(body, "UserInfoDelCond"));
  if (ids.empty())
    throw RequestError(400, "badParameters",
                       "expected {\"UserInfoDelCond\":{\"EmployeeNoList\":[{\"employeeNo\":\"...\"}]}}");
  for (const auto& id : ids) {
    if (!device.delete_person(id)) {
      audit(device, req, "delete-person", "failure", "unknown person " + id);
      throw RequestError(404, "noSuchPerson", fmt::format("no person with employeeNo '{}'", id));
    }
    audit(device, req, "delete-person", "success", "person " + id);
  }
  return json_reply(ok_status());
}

ApiReply search(Device& device, const ApiRequest& req) {
  const auto body = json_body(req.body);
  const auto& cond = object_in(body, "UserInfoSearchCond");
  const auto wanted_list = employee_nos(cond);
  const std::set<std::string> wanted(wanted_list.begin(), wanted_list.end());
  const auto page = PageRequest::from(cond);
  std::vector<nlohmann::json> all;
  for (const auto& p : device.identities().list()) {
    if (!wanted.empty() && !wanted.count(p.person_id)) continue;
    all.push_back({{"employeeNo", p.person_id},
                   {"name", p.name},
                   {"userType", "normal"},
                   {"certificateType", "ID"},
                   {"certificateNumber", p.id_number},
                   {"numOfFace", has_face(p) ? 1 : 0},
                   {"Valid", {{"enable", false}, {"beginTime", p.created}}}});
  }
  return json_reply({{"UserInfoSearch", page.answer(all, "UserInfo")}});
}

}  // namespace

void add_userinfo_routes(Router& r) {
  r.add("POST", "/ISAPI/AccessControl/UserInfo/Record", record);
  r.add("PUT", "/ISAPI/AccessControl/UserInfo/Modify", modify);
  r.add("PUT", "/ISAPI/AccessControl/UserInfo/Delete", remove);
  r.add("POST", "/ISAPI/AccessControl/UserInfo/Search", search);
}

}  // namespace facecert::refdev
