// The driver for facecert-refdev: its FDLib-style enrolment and deletion, the GET form of its
// events, its audit log, and everything refdev-only through RefdevExtension (shared with the
// isapi driver's extension=refdev). Every problem becomes DriverError "METHOD URL: what".
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "facecert/drivers/http_client.h"
#include "facecert/drivers/multipart.h"
#include "facecert/drivers/registry.h"
#include "isapi_responses.h"
#include "refdev_extension.h"

namespace facecert::drivers {
namespace {

using isapi::array;
using isapi::audit_entries;
using isapi::field;
using isapi::json;

std::string face_file_name(const Image& face) {
  return face.mime == "image/png" ? "face.png" : face.mime == "image/jpeg" ? "face.jpg" : "face";
}

class RefdevDriver : public RefdevExtensionDriver {
 public:
  explicit RefdevDriver(const DriverConfig& cfg)
      : api_(cfg.base_url, {cfg.timeout, cfg.user, cfg.password, cfg.ca_file, 64ull << 20}),
        refdev_(api_) {}

  std::string name() const override { return "refdev"; }
  std::set<Capability> capabilities() const override {
    return {all_capabilities().begin(), all_capabilities().end()};
  }

  DeviceInfo info() override {
    pugi::xml_document doc;
    const auto [url, r] = api_.call("GET", "/ISAPI/System/deviceInfo");
    const auto node = isapi::as_xml(doc, "DeviceInfo", "GET", url, r);
    return {node.child_value("manufacturer"), node.child_value("model"),
            node.child_value("firmwareVersion"), node.child_value("serialNumber"),
            node.child_value("deviceName")};
  }

  void login() override { api_.call("GET", "/ISAPI/Security/userCheck"); }

  EnrolResult enrol(const Person& person, const Image& face) override {
    const auto body = multipart::encode(
        {{"FaceDataRecord", "", "application/json",
          json{{"faceLibType", "blackFD"}, {"FDID", "1"}, {"name", person.name},
               {"certificateType", "ID"}, {"certificateNumber", person.id_number}}
              .dump()},
         {"FaceImage", face_file_name(face), face.mime,
          std::string(face.bytes.begin(), face.bytes.end())}});
    const auto [url, j] = api_.call_json(
        "POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json", body.body, body.content_type);
    return {field<std::string>(j, "FPID", "POST", url)};
  }

  void delete_person(const std::string& person_id) override {
    api_.post_json("PUT", "/ISAPI/Intelligent/FDLib/FDSearch/Delete?format=json",
                   json{{"FPID", json::array({{{"value", person_id}}})}});
  }

  std::vector<RecognitionEvent> read_events() override {
    const auto [url, j] = api_.call_json("GET", "/ISAPI/AccessControl/AcsEvent?format=json");
    const auto event = j.find("AcsEvent");
    if (event == j.end() || !event->is_object())
      throw DriverError(fmt::format("GET {}: no AcsEvent object", url));
    std::vector<RecognitionEvent> out;
    for (const auto& e : array(*event, "InfoList", "GET", url))
      out.push_back({field<std::string>(e, "time", "GET", url),
                     field<std::string>(e, "mode", "GET", url),
                     refdev_decision(field<std::string>(e, "decision", "GET", url), url),
                     field<std::string>(e, "FPID", "GET", url),
                     field<double>(e, "score", "GET", url)});
    return out;
  }

  std::vector<AuditEntry> read_audit_log() override {
    const auto [url, j] =
        api_.call_json("POST", "/ISAPI/ContentMgmt/logSearch?format=json", "{}", "application/json");
    return audit_entries(j, url);
  }

 private:
  RefdevExtension& extension(Capability) override { return refdev_; }  // every capability

  isapi::Endpoint api_;
  RefdevExtension refdev_;
};

const DriverRegistration kRefdev{
    "refdev", "facecert's reference device (facecert-refdev) over its ISAPI-style HTTPS API",
    [](const DriverConfig& cfg) { return std::make_unique<RefdevDriver>(cfg); }};

}  // namespace
}  // namespace facecert::drivers
