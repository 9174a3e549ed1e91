// The driver for facecert-refdev (and the shape an ISAPI driver takes): every capability is one
// HTTP call through HttpClient; every problem becomes DriverError "METHOD URL: what".
#include <cctype>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/http_client.h"
#include "facecert/drivers/multipart.h"
#include "facecert/drivers/registry.h"
#include "refdev_template_json.h"

namespace facecert::drivers {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr std::uint64_t kMaxDumpBytes = 1ull << 30;  // a dump may be far larger than an answer

class RefdevDriver : public Driver {
 public:
  explicit RefdevDriver(const DriverConfig& cfg)
      : base_(trim_slash(cfg.base_url)),
        http_({cfg.timeout, cfg.user, cfg.password, cfg.ca_file, 64ull << 20}),
        dump_http_({cfg.timeout, cfg.user, cfg.password, cfg.ca_file, kMaxDumpBytes}) {
    Url::parse(base_);  // a bad URL fails at construction
  }

  std::string name() const override { return "refdev"; }
  std::set<Capability> capabilities() const override {
    return {all_capabilities().begin(), all_capabilities().end()};
  }

  DeviceInfo info() override {
    pugi::xml_document doc;
    const auto node = device_info(doc);
    return {node.child_value("manufacturer"), node.child_value("model"),
            node.child_value("firmwareVersion"), node.child_value("serialNumber"),
            node.child_value("deviceName")};
  }

  // The device names its template service in deviceInfo (templateServiceUrl) when it is not the
  // API itself; the driver goes where the device says, as a server syncing features would.
  FaceTemplate export_template(const std::string& person_id) override {
    pugi::xml_document doc;
    std::string service = device_info(doc).child_value("templateServiceUrl");
    if (service.empty()) service = base_ + "/ISAPI/Refdev/template";
    auto [url, r] = call_url("GET", service + "?employeeNo=" + person_id);
    return refdev_json::template_from_json(as_json("GET", url, r), "GET " + url);
  }

  std::string create_template_key() override {
    const auto [url, j] = call_json("POST", "/ISAPI/Refdev/template/keys?format=json");
    return field<std::string>(j, "keyId", "POST", url);
  }

  void revoke_template_key(const std::string& key_id) override {
    call_json("DELETE", "/ISAPI/Refdev/template/keys?format=json&keyId=" + percent_encoded(key_id));
  }

  FaceTemplate make_template(const Image& face, const std::string& key_id) override {
    const auto body = multipart::encode(
        {{"TemplateRequest", "", "application/json", json{{"keyId", key_id}}.dump()},
         {"FaceImage", "face" + extension(face), face.mime, as_string(face)}});
    const auto [url, j] = call_json("POST", "/ISAPI/Refdev/template/make?format=json", body.body,
                                    body.content_type);
    return refdev_json::template_from_json(j, "POST " + url);
  }

  TemplateComparison compare_templates(const FaceTemplate& a, const FaceTemplate& b) override {
    const auto [url, j] = call_json(
        "POST", "/ISAPI/Refdev/template/compare?format=json",
        json{{"templateA", refdev_json::template_to_json(a)},
             {"templateB", refdev_json::template_to_json(b)}}
            .dump(),
        "application/json");
    return {field<double>(j, "score", "POST", url), field<bool>(j, "match", "POST", url)};
  }

  void login() override { call("GET", "/ISAPI/Security/userCheck"); }

  EnrolResult enrol(const Person& person, const Image& face) override {
    const auto body = multipart::encode(
        {{"FaceDataRecord", "", "application/json",
          json{{"faceLibType", "blackFD"}, {"FDID", "1"}, {"name", person.name},
               {"certificateType", "ID"}, {"certificateNumber", person.id_number}}
              .dump()},
         {"FaceImage", "face" + extension(face), face.mime, as_string(face)}});
    const auto [url, j] =
        call_json("POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json", body.body,
                  body.content_type);
    return {field<std::string>(j, "FPID", "POST", url)};
  }

  MatchResult verify(const Image& id_document, const Image& live) override {
    const auto body = multipart::encode(
        {{"IDImage", "id" + extension(id_document), id_document.mime, as_string(id_document)},
         {"LiveImage", "live" + extension(live), live.mime, as_string(live)}});
    const auto [url, j] = call_json("POST", "/ISAPI/Refdev/verify?format=json", body.body,
                                    body.content_type);
    return match_result(j, url);
  }

  MatchResult identify(const Image& frame) override {
    const auto [url, j] = call_json("POST", "/ISAPI/Refdev/camera/frame?mode=identify",
                                    as_string(frame), frame.mime);
    return match_result(j, url);
  }

  MatchResult present(const Image& frame) override {
    const auto [url, j] =
        call_json("POST", "/ISAPI/Refdev/camera/frame", as_string(frame), frame.mime);
    return match_result(j, url);
  }

  // 6.1.4: a clip, frame by frame, into a presentation the device judges as a whole.
  std::string begin_presentation(const PresentationRequest& request) override {
    std::vector<multipart::Part> parts{
        {"PresentationRequest", "", "application/json", json{{"mode", request.mode}}.dump()}};
    if (request.id_document)
      parts.push_back({"IDImage", "id" + extension(*request.id_document), request.id_document->mime,
                       as_string(*request.id_document)});
    const auto body = multipart::encode(parts);
    const auto [url, j] = call_json("POST", "/ISAPI/Refdev/camera/presentation?format=json", body.body,
                                    body.content_type);
    return field<std::string>(j, "presentationId", "POST", url);
  }

  void present_frame(const std::string& presentation, const Image& frame, double t) override {
    call_json("POST",
              fmt::format("/ISAPI/Refdev/camera/presentation/frame?format=json&id={}&t={:.4f}",
                          percent_encoded(presentation), t),
              as_string(frame), frame.mime);
  }

  MatchResult end_presentation(const std::string& presentation) override {
    const auto [url, j] = call_json(
        "POST", "/ISAPI/Refdev/camera/presentation/end?format=json&id=" + percent_encoded(presentation));
    return match_result(j, url);
  }

  std::vector<RecognitionEvent> read_events() override {
    const auto [url, j] = call_json("GET", "/ISAPI/AccessControl/AcsEvent?format=json");
    const auto event = j.find("AcsEvent");
    if (event == j.end() || !event->is_object())
      throw DriverError(fmt::format("GET {}: no AcsEvent object", url));
    std::vector<RecognitionEvent> out;
    for (const auto& e : array(*event, "InfoList", "GET", url))
      out.push_back({field<std::string>(e, "time", "GET", url), field<std::string>(e, "mode", "GET", url),
                     decision_of(field<std::string>(e, "decision", "GET", url), url),
                     field<std::string>(e, "FPID", "GET", url), field<double>(e, "score", "GET", url)});
    return out;
  }

  std::vector<StoredMedia> list_media() override {
    const auto [url, j] = call_json("GET", "/ISAPI/Refdev/storage/media?format=json");
    std::vector<StoredMedia> out;
    for (const auto& m : array(j, "MediaList", "GET", url))
      out.push_back({field<std::string>(m, "path", "GET", url),
                     field<std::string>(m, "category", "GET", url),
                     field<std::uint64_t>(m, "size", "GET", url),
                     field<std::string>(m, "sha256", "GET", url),
                     field<std::string>(m, "modified", "GET", url)});
    return out;
  }

  std::vector<AuditEntry> read_audit_log() override {
    const auto [url, j] = call_json("POST", "/ISAPI/ContentMgmt/logSearch?format=json", "{}",
                                    "application/json");
    std::vector<AuditEntry> out;
    for (const auto& e : array(j, "LogList", "POST", url)) {
      const auto detail = field<std::string>(e, "detail", "POST", url);
      const auto remote = field<std::string>(e, "remote", "POST", url);
      out.push_back({field<std::string>(e, "time", "POST", url),
                     field<std::string>(e, "user", "POST", url),
                     field<std::string>(e, "event", "POST", url),
                     field<std::string>(e, "outcome", "POST", url),
                     remote.empty() ? detail : fmt::format("from {}: {}", remote, detail)});
    }
    return out;
  }

  void set_retention(std::chrono::seconds retention) override {
    call_json("PUT", "/ISAPI/Refdev/retention?format=json",
              json{{"retentionSeconds", retention.count()}}.dump(), "application/json");
  }

  void delete_person(const std::string& person_id) override {
    call_json("PUT", "/ISAPI/Intelligent/FDLib/FDSearch/Delete?format=json",
              json{{"FPID", json::array({{{"value", person_id}}})}}.dump(), "application/json");
  }

  // The device sends a ustar archive of its data folder; it is checked to be one (header magic
  // and size) and written under a new name, storage-dump-N.tar.
  StorageDump dump_storage(const fs::path& into_dir) override {
    const auto url = base_ + "/ISAPI/Refdev/storage/dump";
    const auto r = checked(dump_http_.request("GET", url), "GET", url);
    if (r.content_type != "application/x-tar")
      throw DriverError(fmt::format("GET {}: expected application/x-tar, got '{}'", url,
                                    r.content_type));
    if (r.body.size() < 1024 || r.body.size() % 512 != 0 ||
        (r.body.compare(257, 5, "ustar") != 0 && r.body.find_first_not_of('\0') != std::string::npos))
      throw DriverError(fmt::format("GET {}: the {} bytes received are not a ustar archive", url,
                                    r.body.size()));
    std::error_code ec;
    fs::create_directories(into_dir, ec);
    if (ec)
      throw DriverError(fmt::format("{}: cannot create the folder: {}", into_dir.string(),
                                    ec.message()));
    fs::path file;
    for (int n = 1; file.empty() || fs::exists(file, ec); ++n)
      file = into_dir / fmt::format("storage-dump-{}.tar", n);
    std::ofstream out(file, std::ios::binary);
    out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
    out.close();
    if (!out) throw DriverError(fmt::format("{}: cannot write the storage dump", file.string()));
    return {file, "tar", r.body.size(), digest::hash_hex(digest::Algorithm::SHA256, r.body)};
  }

  std::vector<DataStore> describe_storage() override {
    const auto [url, j] = call_json("GET", "/ISAPI/Refdev/storage/stores?format=json");
    std::vector<DataStore> out;
    for (const auto& s : array(j, "StoreList", "GET", url))
      out.push_back({field<std::string>(s, "name", "GET", url),
                     field<std::string>(s, "holds", "GET", url),
                     field<std::string>(s, "locationKind", "GET", url),
                     field<std::string>(s, "location", "GET", url),
                     field<std::vector<std::string>>(s, "fields", "GET", url)});
    return out;
  }

  std::vector<StoreRecord> read_store(const std::string& store_name) override {
    const auto [url, j] = call_json(
        "GET", "/ISAPI/Refdev/storage/records?format=json&store=" + percent_encoded(store_name));
    std::vector<StoreRecord> out;
    for (const auto& r : array(j, "RecordList", "GET", url)) {
      if (!r.is_object()) throw DriverError(fmt::format("GET {}: a record is not an object", url));
      StoreRecord record;
      for (const auto& [name, v] : r.items()) record[name] = store_value(v, url);
      out.push_back(std::move(record));
    }
    return out;
  }

 private:
  static std::string trim_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
  }
  static std::string as_string(const Image& i) { return {i.bytes.begin(), i.bytes.end()}; }
  static std::string extension(const Image& i) {
    return i.mime == "image/png" ? ".png" : i.mime == "image/jpeg" ? ".jpg" : "";
  }

  struct Reply {
    std::string url;
    HttpResponse response;
  };
  Reply call(const char* method, const std::string& path, std::string body = {},
             std::string content_type = {}) {
    return call_url(method, base_ + path, std::move(body), std::move(content_type));
  }
  Reply call_url(const char* method, const std::string& url, std::string body = {},
                 std::string content_type = {}) {
    return {url, checked(http_.request(method, url, std::move(body), std::move(content_type)),
                         method, url)};
  }
  // A non-2xx answer becomes DriverError with the device's own explanation when it gave one.
  static HttpResponse checked(HttpResponse r, const char* method, const std::string& url) {
    if (r.status < 200 || r.status > 299) {
      std::string why;  // the device's own explanation when it gave one
      const auto j = json::parse(r.body, nullptr, false);
      if (j.is_object() && j.contains("errorMsg") && j["errorMsg"].is_string())
        why = ": " + j["errorMsg"].get<std::string>();
      throw DriverError(fmt::format("{} {}: HTTP {} {}{}", method, url, r.status, r.reason, why));
    }
    return r;
  }

  struct JsonReply {
    std::string url;
    json body;
  };
  JsonReply call_json(const char* method, const std::string& path, std::string body = {},
                      std::string content_type = {}) {
    auto [url, r] = call(method, path, std::move(body), std::move(content_type));
    return {url, as_json(method, url, r)};
  }
  static json as_json(const char* method, const std::string& url, const HttpResponse& r) {
    if (r.content_type.rfind("application/json", 0) != 0)
      throw DriverError(fmt::format("{} {}: expected application/json, got '{}'", method, url,
                                    r.content_type));
    auto j = json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw DriverError(fmt::format("{} {}: response is not a JSON object", method, url));
    return j;
  }

  pugi::xml_node device_info(pugi::xml_document& doc) {
    const auto [url, r] = call("GET", "/ISAPI/System/deviceInfo");
    if (!doc.load_buffer(r.body.data(), r.body.size()))
      throw DriverError(fmt::format("GET {}: response is not XML", url));
    const auto node = doc.child("DeviceInfo");
    if (!node) throw DriverError(fmt::format("GET {}: no <DeviceInfo> element", url));
    return node;
  }

  template <class T>
  static T field(const json& j, const char* key, const char* method, const std::string& url) {
    if (!j.is_object() || !j.contains(key))
      throw DriverError(fmt::format("{} {}: response lacks '{}'", method, url, key));
    try {
      return j.at(key).get<T>();
    } catch (const json::exception&) {
      throw DriverError(fmt::format("{} {}: '{}' has the wrong type", method, url, key));
    }
  }

  static const json& array(const json& j, const char* key, const char* method,
                           const std::string& url) {
    if (!j.contains(key) || !j.at(key).is_array())
      throw DriverError(fmt::format("{} {}: response lacks the array '{}'", method, url, key));
    return j.at(key);
  }

  static StoreValue store_value(const json& v, const std::string& url) {
    const auto kind = field<std::string>(v, "kind", "GET", url);
    StoreValue out;
    if (kind == "text") {
      out.text = field<std::string>(v, "value", "GET", url);
    } else if (kind == "blob") {
      out.kind = StoreValue::Kind::Blob;
      out.size = field<std::uint64_t>(v, "size", "GET", url);
      out.sha256 = field<std::string>(v, "sha256", "GET", url);
      out.media_type = field<std::string>(v, "mediaType", "GET", url);
    } else if (kind == "null") {
      out.kind = StoreValue::Kind::Null;
    } else {
      throw DriverError(fmt::format("GET {}: unknown value kind '{}'", url, kind));
    }
    return out;
  }

  static std::string percent_encoded(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
      out += std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'
                 ? std::string(1, static_cast<char>(c))
                 : fmt::format("%{:02X}", c);
    return out;
  }

  static MatchResult::Decision decision_of(const std::string& decision, const std::string& url) {
    if (decision == "accepted") return MatchResult::Decision::Accepted;
    if (decision == "rejected") return MatchResult::Decision::Rejected;
    if (decision == "no_face") return MatchResult::Decision::NoFace;
    if (decision == "attack") return MatchResult::Decision::Attack;
    throw DriverError(fmt::format("{}: unknown decision '{}'", url, decision));
  }

  static MatchResult match_result(const json& j, const std::string& url) {
    MatchResult m;
    m.decision = decision_of(field<std::string>(j, "decision", "POST", url), "POST " + url);
    m.person_id = field<std::string>(j, "FPID", "POST", url);
    m.score = field<double>(j, "score", "POST", url);
    // 6.1.4: the device's liveness judgement, when it made one (clip presentations).
    if (const auto pad = j.find("pad"); pad != j.end() && pad->is_object()) {
      const double attack = field<double>(*pad, "attackScore", "POST", url);
      if (!(attack >= 0 && attack <= 1))
        throw DriverError(fmt::format("POST {}: pad.attackScore {} outside 0..1", url, attack));
      m.attack_score = attack;
      if (const auto cue = pad->find("cue"); cue != pad->end() && cue->is_string())
        m.attack_cue = cue->get<std::string>();
    }
    m.raw = j.dump();
    return m;
  }

  std::string base_;
  HttpClient http_;
  HttpClient dump_http_;  // its own connection, allowed a larger body
};

const DriverRegistration kRefdev{
    "refdev", "facecert's reference device (facecert-refdev) over its ISAPI-style HTTPS API",
    [](const DriverConfig& cfg) { return std::make_unique<RefdevDriver>(cfg); }};

}  // namespace
}  // namespace facecert::drivers
