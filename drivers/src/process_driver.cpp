// The Driver interface over an out-of-process driver (docs/driver-protocol.md): each method is one
// request; media go as files in the exchange directory; answers are checked field by field, so a
// driver that answers nonsense is a driver failure, never a silent pass.
#include "facecert/drivers/process_driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

#include <fmt/format.h>

#include "facecert/drivers/base64.h"
#include "facecert/drivers/registry.h"

namespace facecert::drivers {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// Which capability a method belongs to (to tell a lie about a declared capability from a plain
// "unsupported").
std::optional<Capability> capability_of(const std::string& method) {
  static const std::map<std::string, Capability> m = {
      {"info", Capability::Info},
      {"login", Capability::Login},
      {"enrol", Capability::Enrol},
      {"verify", Capability::Verify},
      {"identify", Capability::Identify},
      {"present", Capability::PresentMedia},
      {"list_media", Capability::ListMedia},
      {"read_audit_log", Capability::ReadAuditLog},
      {"set_retention", Capability::SetRetention},
      {"delete_person", Capability::DeletePerson},
      {"export_template", Capability::ExportTemplate},
      {"dump_storage", Capability::DumpStorage},
      {"describe_storage", Capability::DescribeStorage},
      {"read_store", Capability::ReadStore},
      {"create_template_key", Capability::TemplateKeys},
      {"revoke_template_key", Capability::TemplateKeys},
      {"make_template", Capability::MakeTemplate},
      {"compare_templates", Capability::CompareTemplates},
      {"begin_presentation", Capability::PresentClip},
      {"present_frame", Capability::PresentClip},
      {"end_presentation", Capability::PresentClip},
      {"read_events", Capability::ReadEvents},
  };
  const auto it = m.find(method);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::string ext_of(const Image& img) {
  if (img.mime == "image/png") return ".png";
  if (img.mime == "image/bmp") return ".bmp";
  if (img.mime == "image/webp") return ".webp";
  return ".jpg";
}

// Input media of one request, written 0600 into the exchange directory and removed afterwards
// (face data: clause 6.1.2 applies to the harness too).
class MediaFiles {
 public:
  MediaFiles(fs::path dir, std::int64_t id) : dir_(std::move(dir)), id_(id) {}
  ~MediaFiles() {
    std::error_code ec;
    for (const auto& f : files_) fs::remove(f, ec);
  }
  json add(const std::string& role, const Image& img) {
    if (dir_.empty()) throw DriverError("out-of-process driver: no exchange directory for media files");
    std::error_code ec;
    fs::create_directories(dir_, ec);
    ::chmod(dir_.c_str(), 0700);
    const fs::path p = dir_ / fmt::format("in-{}-{}{}", id_, role, ext_of(img));
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw DriverError(fmt::format("{}: cannot write a media file for the driver", p.string()));
    files_.push_back(p);
    std::size_t off = 0;
    while (off < img.bytes.size()) {
      const auto w = ::write(fd, img.bytes.data() + off, img.bytes.size() - off);
      if (w <= 0) {
        ::close(fd);
        throw DriverError(fmt::format("{}: write failed", p.string()));
      }
      off += static_cast<std::size_t>(w);
    }
    ::close(fd);
    return {{"file", p.string()}, {"mime", img.mime}};
  }

 private:
  fs::path dir_;
  std::int64_t id_;
  std::vector<fs::path> files_;
};

class ProcessDriver : public Driver {
 public:
  explicit ProcessDriver(const DriverConfig& cfg) : session_(cfg), call_timeout_(cfg.call_timeout) {
    if (cfg.executable.empty())
      throw DriverError("driver 'process' needs a program (<driver exec=\"...\"> in the profile)");
    const auto& h = session_.ensure_started();  // a driver that cannot start fails the run's setup
    name_ = h.name;
    for (const auto& c : h.capabilities) caps_.insert(*capability_from_string(c));
  }

  std::string name() const override { return name_; }
  std::set<Capability> capabilities() const override { return caps_; }

  DeviceInfo info() override {
    const json r = call("info", json::object());
    return {str(r, "maker", "info"), str(r, "model", "info"), str(r, "firmware", "info"), str(r, "serial", "info"),
            opt_str(r, "device_name")};
  }
  void login() override { call("login", json::object()); }

  EnrolResult enrol(const Person& person, const Image& face) override {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    const json r = call("enrol", {{"person", {{"name", person.name}, {"id_number", person.id_number}}},
                                  {"face", media.add("face", face)}});
    return {str(r, "person_id", "enrol")};
  }
  MatchResult verify(const Image& id_document, const Image& live) override {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    return match(call("verify", {{"id_document", media.add("id-document", id_document)},
                                 {"live", media.add("live", live)}}),
                 "verify");
  }
  MatchResult identify(const Image& frame) override { return one_frame("identify", frame); }
  MatchResult present(const Image& frame) override { return one_frame("present", frame); }

  std::vector<StoredMedia> list_media() override {
    const json r = call("list_media", json::object());
    std::vector<StoredMedia> out;
    for (const auto& m : arr(r, "media", "list_media"))
      out.push_back({str(m, "path", "list_media"), opt_str(m, "category"), num<std::uint64_t>(m, "size", "list_media"),
                     opt_str(m, "sha256"), opt_str(m, "modified")});
    return out;
  }
  std::vector<AuditEntry> read_audit_log() override {
    const json r = call("read_audit_log", json::object());
    std::vector<AuditEntry> out;
    for (const auto& e : arr(r, "entries", "read_audit_log"))
      out.push_back({opt_str(e, "time"), opt_str(e, "subject"), str(e, "event", "read_audit_log"), opt_str(e, "outcome"),
                     opt_str(e, "detail")});
    return out;
  }
  void set_retention(std::chrono::seconds retention) override {
    call("set_retention", {{"seconds", retention.count()}});
  }
  void delete_person(const std::string& person_id) override { call("delete_person", {{"person_id", person_id}}); }

  FaceTemplate export_template(const std::string& person_id) override {
    return template_of(call("export_template", {{"person_id", person_id}}), "export_template");
  }
  StorageDump dump_storage(const fs::path& into_dir) override {
    std::error_code ec;
    fs::create_directories(into_dir, ec);
    const fs::path dir = fs::absolute(into_dir);
    const json r = call("dump_storage", {{"into_dir", dir.string()}}, 10);
    StorageDump d;
    d.path = str(r, "path", "dump_storage");
    d.format = str(r, "format", "dump_storage");
    d.size = num<std::uint64_t>(r, "size", "dump_storage");
    d.sha256 = opt_str(r, "sha256");
    const auto rel = fs::relative(fs::absolute(d.path), dir, ec);
    if (ec || rel.empty() || *rel.begin() == "..")
      throw broken(fmt::format("dump_storage wrote {} outside the folder it was given ({})", d.path.string(), dir.string()));
    if (!fs::is_regular_file(d.path, ec) || fs::file_size(d.path, ec) != d.size)
      throw broken(fmt::format("dump_storage says {} ({} bytes) but no such file of that size exists",
                               d.path.string(), d.size));
    return d;
  }
  std::vector<DataStore> describe_storage() override {
    const json r = call("describe_storage", json::object());
    std::vector<DataStore> out;
    for (const auto& s : arr(r, "stores", "describe_storage")) {
      DataStore d{str(s, "name", "describe_storage"), str(s, "holds", "describe_storage"), opt_str(s, "location_kind"),
                  opt_str(s, "location"), {}};
      if (s.contains("fields") && s["fields"].is_array())
        for (const auto& f : s["fields"])
          if (f.is_string()) d.fields.push_back(f.get<std::string>());
      out.push_back(std::move(d));
    }
    return out;
  }
  std::vector<StoreRecord> read_store(const std::string& store_name) override {
    const json r = call("read_store", {{"store", store_name}});
    std::vector<StoreRecord> out;
    for (const auto& rec : arr(r, "records", "read_store")) {
      if (!rec.is_object()) throw broken("read_store: a record is not an object");
      StoreRecord sr;
      for (const auto& [field, v] : rec.items()) sr[field] = store_value(v);
      out.push_back(std::move(sr));
    }
    return out;
  }

  std::string create_template_key() override {
    return str(call("create_template_key", json::object()), "key_id", "create_template_key");
  }
  void revoke_template_key(const std::string& key_id) override { call("revoke_template_key", {{"key_id", key_id}}); }
  FaceTemplate make_template(const Image& face, const std::string& key_id) override {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    return template_of(call("make_template", {{"face", media.add("face", face)}, {"key_id", key_id}}), "make_template");
  }
  TemplateComparison compare_templates(const FaceTemplate& a, const FaceTemplate& b) override {
    const json r = call("compare_templates", {{"a", template_json(a)}, {"b", template_json(b)}});
    if (!r.contains("match") || !r["match"].is_boolean()) throw broken("compare_templates: the result lacks boolean 'match'");
    return {num<double>(r, "score", "compare_templates"), r["match"].get<bool>()};
  }

  std::string begin_presentation(const PresentationRequest& request) override {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    json p = {{"mode", request.mode}};
    if (request.id_document) p["id_document"] = media.add("id-document", *request.id_document);
    return str(call("begin_presentation", p), "presentation_id", "begin_presentation");
  }
  void present_frame(const std::string& presentation, const Image& frame, double t) override {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    call("present_frame", {{"presentation_id", presentation}, {"frame", media.add("frame", frame)}, {"t", t}});
  }
  MatchResult end_presentation(const std::string& presentation) override {
    return match(call("end_presentation", {{"presentation_id", presentation}}), "end_presentation");
  }
  std::vector<RecognitionEvent> read_events() override {
    const json r = call("read_events", json::object());
    std::vector<RecognitionEvent> out;
    for (const auto& e : arr(r, "events", "read_events"))
      out.push_back({str(e, "time", "read_events"), opt_str(e, "mode"), decision(e, "read_events"),
                     opt_str(e, "person_id"), e.contains("score") ? num<double>(e, "score", "read_events") : 0.0});
    return out;
  }

  DriverSession& session() { return session_; }

 private:
  DriverFailure broken(const std::string& what) const {
    return DriverFailure(fmt::format("driver {}: {}", name_, what), session_.evidence());
  }

  // One call: the result, or the driver's error mapped per docs/driver-protocol.md.
  json call(const std::string& method, const json& params, int timeout_factor = 1) {
    json resp = session_.request(method, params, call_timeout_ * timeout_factor);
    if (resp.contains("result")) return resp["result"];
    const json& e = resp["error"];
    const int code = e["code"].get<int>();
    const std::string msg = e.value("message", std::string("(no message)"));
    const auto cap = capability_of(method);
    const bool declared = cap && caps_.count(*cap);
    switch (code) {
      case -32000: case -32001: case -32002: case -32003:
        throw DriverError(fmt::format("{} (driver {}, error {})", msg, name_, code));
      case -32601: case -32004:
        if (declared)
          throw broken(fmt::format("declared capability '{}' but answered {} to {}: {}", to_string(*cap), code, method, msg));
        if (cap) throw UnsupportedCapability(*cap);
        throw DriverError(fmt::format("{}: {} (driver {}, error {})", method, msg, name_, code));
      default:
        throw broken(fmt::format("error {} to {}: {}", code, method, msg));
    }
  }

  MatchResult one_frame(const std::string& method, const Image& frame) {
    MediaFiles media(session_.exchange_dir(), session_.next_id());
    return match(call(method, {{"frame", media.add("frame", frame)}}), method);
  }

  std::string str(const json& j, const char* key, const std::string& method) const {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
      throw broken(fmt::format("the result of {} lacks string field '{}'", method, key));
    return j[key].get<std::string>();
  }
  static std::string opt_str(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  }
  template <class T>
  T num(const json& j, const char* key, const std::string& method) const {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number())
      throw broken(fmt::format("the result of {} lacks number field '{}'", method, key));
    if constexpr (std::is_unsigned_v<T>) {
      if (j[key].get<double>() < 0) throw broken(fmt::format("the result of {} has a negative '{}'", method, key));
    }
    return j[key].get<T>();
  }
  const json& arr(const json& j, const char* key, const std::string& method) const {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array())
      throw broken(fmt::format("the result of {} lacks array field '{}'", method, key));
    return j[key];
  }
  MatchResult::Decision decision(const json& j, const std::string& method) const {
    const std::string d = str(j, "decision", method);
    if (d == "accepted") return MatchResult::Decision::Accepted;
    if (d == "rejected") return MatchResult::Decision::Rejected;
    if (d == "no_face") return MatchResult::Decision::NoFace;
    if (d == "attack") return MatchResult::Decision::Attack;
    throw broken(fmt::format("the result of {} has an unknown decision '{}'", method, d));
  }
  MatchResult match(const json& r, const std::string& method) const {
    MatchResult m;
    m.decision = decision(r, method);
    m.person_id = opt_str(r, "person_id");
    if (r.contains("score")) m.score = num<double>(r, "score", method);
    m.raw = r.contains("raw") && r["raw"].is_string() ? r["raw"].get<std::string>() : r.dump();
    if (r.contains("attack_score") && !r["attack_score"].is_null()) {
      const double s = num<double>(r, "attack_score", method);
      if (s < 0 || s > 1) throw broken(fmt::format("the result of {} has attack_score {} outside 0..1", method, s));
      m.attack_score = s;
    }
    m.attack_cue = opt_str(r, "attack_cue");
    return m;
  }
  FaceTemplate template_of(const json& r, const std::string& method) const {
    FaceTemplate t;
    t.algorithm = str(r, "algorithm", method);
    t.dims = num<std::size_t>(r, "dims", method);
    t.encoding = str(r, "encoding", method);
    t.key_id = opt_str(r, "key_id");
    if (r.contains("values") && r["values"].is_array())
      for (const auto& v : r["values"]) {
        if (!v.is_number()) throw broken(fmt::format("the result of {} has a non-number in 'values'", method));
        t.values.push_back(v.get<float>());
      }
    if (r.contains("bytes") && r["bytes"].is_string()) {
      auto bytes = base64::decode(r["bytes"].get<std::string>());
      if (!bytes) throw broken(fmt::format("the result of {} has 'bytes' that are not padded base64", method));
      t.bytes = std::move(*bytes);
    }
    if (t.values.empty() && t.bytes.empty())
      throw broken(fmt::format("the result of {} carries neither 'values' nor 'bytes'", method));
    return t;
  }
  static json template_json(const FaceTemplate& t) {
    json j = {{"algorithm", t.algorithm}, {"dims", t.dims}, {"encoding", t.encoding}, {"key_id", t.key_id}};
    if (!t.values.empty()) j["values"] = t.values;
    if (!t.bytes.empty()) j["bytes"] = base64::encode(t.bytes);
    return j;
  }
  StoreValue store_value(const json& v) const {
    StoreValue s;
    const std::string kind = v.is_object() ? v.value("kind", std::string()) : std::string();
    if (kind == "text") {
      s.kind = StoreValue::Kind::Text;
      s.text = str(v, "text", "read_store");
    } else if (kind == "blob") {
      s.kind = StoreValue::Kind::Blob;
      s.size = num<std::uint64_t>(v, "size", "read_store");
      s.sha256 = opt_str(v, "sha256");
      s.media_type = opt_str(v, "media_type");
      if (s.media_type.empty()) s.media_type = "application/octet-stream";
    } else if (kind == "null") {
      s.kind = StoreValue::Kind::Null;
    } else {
      throw broken(fmt::format("read_store: a value has kind '{}' (text, blob or null)", kind));
    }
    return s;
  }

  mutable DriverSession session_;
  std::chrono::milliseconds call_timeout_;  // the profile's driver-call-ms
  std::string name_;
  std::set<Capability> caps_;
};

const DriverRegistration kRegistration{
    "process", "an out-of-process driver: the program named in the profile (docs/driver-protocol.md)",
    [](const DriverConfig& cfg) { return std::unique_ptr<Driver>(std::make_unique<ProcessDriver>(cfg)); }};

}  // namespace
}  // namespace facecert::drivers
