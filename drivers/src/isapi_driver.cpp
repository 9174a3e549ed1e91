// The ISAPI driver (Hikvision-style access-control terminals): HTTP Digest through HttpClient,
// capabilities discovered once from /ISAPI/System/capabilities, persons as UserInfo records with
// their face in FDLib (FPID = employeeNo), events from the paged AcsEvent search. With the option
// extension=refdev it adds facecert's reference device's own API (RefdevExtension).
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/multipart.h"
#include "facecert/drivers/registry.h"
#include "isapi_device_cap.h"
#include "isapi_responses.h"
#include "refdev_extension.h"

namespace facecert::drivers {
namespace {

using isapi::array;
using isapi::audit_entries;
using isapi::field;
using isapi::json;

constexpr const char* kCapabilitiesPath = "/ISAPI/System/capabilities";
constexpr int kEventsPerPage = 30;
constexpr int kAcsMajorEvent = 5, kAcsMinorFacePass = 75, kAcsMinorFaceFail = 76;

// Which <DeviceCap> flag(s) a capability needs ("" = every ISAPI device has it).
struct CapabilityFlag {
  Capability capability;
  std::vector<const char*> flags;
};
const std::vector<CapabilityFlag>& isapi_flags() {
  static const std::vector<CapabilityFlag> table{
      {Capability::Info, {}},
      {Capability::Login, {}},
      {Capability::Enrol, {"isSupportUserInfo", "isSupportFDLib"}},
      {Capability::DeletePerson, {"isSupportUserInfo"}},
      {Capability::ReadEvents, {"isSupportAcsEvent"}},
      {Capability::ReadAuditLog, {"isSupportLogSearch"}},
  };
  return table;
}
// extension=refdev: the features the reference device lists under <RefdevCap>.
const std::vector<CapabilityFlag>& refdev_flags() {
  static const std::vector<CapabilityFlag> table{
      {Capability::Verify, {"RefdevCap/isSupportCameraFeed"}},
      {Capability::Identify, {"RefdevCap/isSupportCameraFeed"}},
      {Capability::PresentMedia, {"RefdevCap/isSupportCameraFeed"}},
      {Capability::PresentClip, {"RefdevCap/isSupportClipPresentation"}},
      {Capability::ListMedia, {"RefdevCap/isSupportStorageInspection"}},
      {Capability::DumpStorage, {"RefdevCap/isSupportStorageInspection"}},
      {Capability::DescribeStorage, {"RefdevCap/isSupportStorageInspection"}},
      {Capability::ReadStore, {"RefdevCap/isSupportStorageInspection"}},
      {Capability::ExportTemplate, {"RefdevCap/isSupportTemplateProtection"}},
      {Capability::TemplateKeys, {"RefdevCap/isSupportTemplateProtection"}},
      {Capability::MakeTemplate, {"RefdevCap/isSupportTemplateProtection"}},
      {Capability::CompareTemplates, {"RefdevCap/isSupportTemplateProtection"}},
      {Capability::SetRetention, {"RefdevCap/isSupportRetention"}},
  };
  return table;
}

bool wants_refdev_extension(const DriverConfig& cfg) {
  const auto it = cfg.options.find("extension");
  if (it == cfg.options.end() || it->second.empty()) return false;
  if (it->second != "refdev")
    throw DriverError(fmt::format("isapi driver: unknown extension '{}' (known: refdev)", it->second));
  return true;
}

std::string face_file_name(const Image& face) {
  return face.mime == "image/png" ? "face.png" : face.mime == "image/jpeg" ? "face.jpg" : "face";
}

class IsapiDriver : public RefdevExtensionDriver {
 public:
  explicit IsapiDriver(const DriverConfig& cfg)
      : api_(cfg.base_url, {cfg.timeout, cfg.user, cfg.password, cfg.ca_file, 64ull << 20}) {
    const bool extension = wants_refdev_extension(cfg);
    pugi::xml_document doc;
    const auto [url, r] = api_.call("GET", kCapabilitiesPath);
    cap_ = isapi::DeviceCap(isapi::as_xml(doc, "DeviceCap", "GET", url, r));
    decide(isapi_flags());
    if (extension) {
      refdev_ = std::make_unique<RefdevExtension>(api_);
      decide(refdev_flags());
    } else {
      for (const auto& [c, flags] : refdev_flags())
        missing_[c] = "a refdev-only feature: the isapi driver offers it with the option "
                      "extension=refdev";
    }
  }

  std::string name() const override { return "isapi"; }
  std::set<Capability> capabilities() const override { return caps_; }
  std::string why_missing(Capability c) const override {
    const auto it = missing_.find(c);
    return it == missing_.end() ? std::string() : it->second;
  }

  DeviceInfo info() override {
    pugi::xml_document doc;
    const auto [url, r] = api_.call("GET", "/ISAPI/System/deviceInfo");
    const auto node = isapi::as_xml(doc, "DeviceInfo", "GET", url, r);
    return {node.child_value("manufacturer"), node.child_value("model"),
            node.child_value("firmwareVersion"), node.child_value("serialNumber"),
            node.child_value("deviceName")};
  }

  // A device answers 401 to wrong credentials, or 200 with <userCheck><statusValue>.
  void login() override {
    pugi::xml_document doc;
    const auto [url, r] = api_.call("GET", "/ISAPI/Security/userCheck");
    const auto check = isapi::as_xml(doc, "userCheck", "GET", url, r);
    const std::string status = check.child_value("statusValue");
    if (!status.empty() && status != "200")
      throw DriverError(fmt::format("GET {}: userCheck statusValue {} ({})", url, status,
                                    check.child_value("statusString")));
  }

  // A UserInfo record (identity data) under a new employeeNo, then its face in the face library
  // with FPID = employeeNo; a refused face removes the person again.
  EnrolResult enrol(const Person& person, const Image& face) override {
    const std::string employee_no = "fc" + digest::random_hex(7);
    api_.post_json("POST", "/ISAPI/AccessControl/UserInfo/Record?format=json",
                   {{"UserInfo",
                     {{"employeeNo", employee_no},
                      {"name", person.name},
                      {"userType", "normal"},
                      {"certificateType", "ID"},
                      {"certificateNumber", person.id_number}}}});
    const auto body = multipart::encode(
        {{"FaceDataRecord", "", "application/json",
          json{{"faceLibType", "blackFD"}, {"FDID", "1"}, {"FPID", employee_no}}.dump()},
         {"FaceImage", face_file_name(face), face.mime,
          std::string(face.bytes.begin(), face.bytes.end())}});
    try {
      api_.call_json("POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json", body.body,
                     body.content_type);
    } catch (const DriverError& e) {
      std::string undo = "the person was removed again";
      try {
        delete_person(employee_no);
      } catch (const DriverError& d) {
        undo = fmt::format("removing the person {} failed too: {}", employee_no, d.what());
      }
      throw DriverError(fmt::format("{} ({})", e.what(), undo));
    }
    return {employee_no};
  }

  void delete_person(const std::string& person_id) override {
    api_.post_json("PUT", "/ISAPI/AccessControl/UserInfo/Delete?format=json",
                   {{"UserInfoDelCond", {{"EmployeeNoList", json::array({{{"employeeNo", person_id}}})}}}});
  }

  // The paged AcsEvent search, maxResults per page, until the device has given totalMatches.
  std::vector<RecognitionEvent> read_events() override {
    const std::string search_id = digest::random_hex(8);
    std::vector<RecognitionEvent> out;
    int position = 0;
    for (;;) {
      const auto [url, j] = api_.post_json(
          "POST", "/ISAPI/AccessControl/AcsEvent?format=json",
          {{"AcsEventCond",
            {{"searchID", search_id},
             {"searchResultPosition", position},
             {"maxResults", kEventsPerPage},
             {"major", kAcsMajorEvent},
             {"minor", 0}}}});
      const auto ev = j.find("AcsEvent");
      if (ev == j.end() || !ev->is_object())
        throw DriverError(fmt::format("POST {}: no AcsEvent object", url));
      const auto status = field<std::string>(*ev, "responseStatusStrg", "POST", url);
      const int total = field<int>(*ev, "totalMatches", "POST", url);
      if (status == "NO MATCH") break;
      const auto& list = array(*ev, "InfoList", "POST", url);
      for (const auto& e : list)
        if (auto event = recognition_event(e, url)) out.push_back(std::move(*event));
      position += static_cast<int>(list.size());
      if (status != "MORE" || position >= total) break;
      if (list.empty())
        throw DriverError(fmt::format("POST {}: MORE announced at position {} but no events", url,
                                      position));
    }
    return out;
  }

  std::vector<AuditEntry> read_audit_log() override {
    const auto [url, j] =
        api_.call_json("POST", "/ISAPI/ContentMgmt/logSearch?format=json", "{}", "application/json");
    return audit_entries(j, url);
  }

 private:
  void decide(const std::vector<CapabilityFlag>& table) {
    for (const auto& [c, flags] : table) {
      std::string absent;
      for (const char* f : flags)
        if (!cap_.has(f)) absent += absent.empty() ? f : std::string(" or ") + f;
      if (absent.empty())
        caps_.insert(c);
      else
        missing_[c] = fmt::format("the device's {} has no {}", kCapabilitiesPath, absent);
    }
  }

  // extension=refdev
  RefdevExtension& extension(Capability c) override {
    if (!refdev_ || !caps_.count(c)) throw UnsupportedCapability(c);
    return *refdev_;
  }

  // An AcsEvent InfoList item as a recognition event; nullopt for events that are not a face
  // decision (door, alarm, ...). The refdev fields (mode, decision, FPID, score) win when present.
  static std::optional<RecognitionEvent> recognition_event(const json& e, const std::string& url) {
    if (!e.is_object()) throw DriverError(fmt::format("POST {}: an InfoList item is not an object", url));
    RecognitionEvent out;
    out.time = field<std::string>(e, "time", "POST", url);
    if (e.contains("decision")) {
      out.decision = refdev_decision(field<std::string>(e, "decision", "POST", url), "POST " + url);
      out.mode = e.value("mode", "identify");
      out.person_id = e.value("FPID", "");
      out.score = e.value("score", 0.0);
      return out;
    }
    const int minor = field<int>(e, "minor", "POST", url);
    if (minor != kAcsMinorFacePass && minor != kAcsMinorFaceFail) return std::nullopt;
    out.mode = "identify";
    out.decision =
        minor == kAcsMinorFacePass ? MatchResult::Decision::Accepted : MatchResult::Decision::Rejected;
    if (out.decision == MatchResult::Decision::Accepted) out.person_id = e.value("employeeNoString", "");
    return out;
  }

  isapi::Endpoint api_;
  isapi::DeviceCap cap_;
  std::set<Capability> caps_;
  std::map<Capability, std::string> missing_;
  std::unique_ptr<RefdevExtension> refdev_;
};

const DriverRegistration kIsapi{
    "isapi",
    "ISAPI access-control terminals (HTTP Digest; UserInfo, FDLib, AcsEvent, logSearch); "
    "option extension=refdev adds facecert-refdev's own API",
    [](const DriverConfig& cfg) { return std::make_unique<IsapiDriver>(cfg); }};

}  // namespace
}  // namespace facecert::drivers
