#include "refdev_extension.h"

#include <fstream>

#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/multipart.h"
#include "refdev_template_json.h"

namespace facecert::drivers {
namespace {

using isapi::array;
using isapi::field;
using isapi::json;
using isapi::percent_encoded;
namespace fs = std::filesystem;

constexpr std::uint64_t kMaxDumpBytes = 1ull << 30;  // a dump may be far larger than an answer

std::string as_string(const Image& i) { return {i.bytes.begin(), i.bytes.end()}; }
std::string extension(const Image& i) {
  return i.mime == "image/png" ? ".png" : i.mime == "image/jpeg" ? ".jpg" : "";
}

HttpClient::Options dump_options(HttpClient::Options o) {
  o.max_body = kMaxDumpBytes;
  return o;
}

MatchResult match_result(const json& j, const std::string& url) {
  MatchResult m;
  m.decision = refdev_decision(field<std::string>(j, "decision", "POST", url), "POST " + url);
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

StoreValue store_value(const json& v, const std::string& url) {
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

}  // namespace

MatchResult::Decision refdev_decision(const std::string& decision, const std::string& where) {
  if (decision == "accepted") return MatchResult::Decision::Accepted;
  if (decision == "rejected") return MatchResult::Decision::Rejected;
  if (decision == "no_face") return MatchResult::Decision::NoFace;
  if (decision == "attack") return MatchResult::Decision::Attack;
  throw DriverError(fmt::format("{}: unknown decision '{}'", where, decision));
}

RefdevExtension::RefdevExtension(isapi::Endpoint& api)
    : api_(api), dump_api_(api.base(), dump_options(api.options())) {}

const std::set<Capability>& RefdevExtension::capabilities() {
  static const std::set<Capability> caps{
      Capability::Verify,         Capability::Identify,        Capability::PresentMedia,
      Capability::PresentClip,    Capability::ListMedia,       Capability::DumpStorage,
      Capability::DescribeStorage, Capability::ReadStore,      Capability::ExportTemplate,
      Capability::TemplateKeys,   Capability::MakeTemplate,    Capability::CompareTemplates,
      Capability::SetRetention};
  return caps;
}

MatchResult RefdevExtension::verify(const Image& id_document, const Image& live) {
  const auto body = multipart::encode(
      {{"IDImage", "id" + extension(id_document), id_document.mime, as_string(id_document)},
       {"LiveImage", "live" + extension(live), live.mime, as_string(live)}});
  const auto [url, j] =
      api_.call_json("POST", "/ISAPI/Refdev/verify?format=json", body.body, body.content_type);
  return match_result(j, url);
}

MatchResult RefdevExtension::identify(const Image& frame) {
  const auto [url, j] = api_.call_json("POST", "/ISAPI/Refdev/camera/frame?mode=identify",
                                       as_string(frame), frame.mime);
  return match_result(j, url);
}

MatchResult RefdevExtension::present(const Image& frame) {
  const auto [url, j] =
      api_.call_json("POST", "/ISAPI/Refdev/camera/frame", as_string(frame), frame.mime);
  return match_result(j, url);
}

// 6.1.4: a clip, frame by frame, into a presentation the device judges as a whole.
std::string RefdevExtension::begin_presentation(const PresentationRequest& request) {
  std::vector<multipart::Part> parts{
      {"PresentationRequest", "", "application/json", json{{"mode", request.mode}}.dump()}};
  if (request.id_document)
    parts.push_back({"IDImage", "id" + extension(*request.id_document), request.id_document->mime,
                     as_string(*request.id_document)});
  const auto body = multipart::encode(parts);
  const auto [url, j] = api_.call_json("POST", "/ISAPI/Refdev/camera/presentation?format=json",
                                       body.body, body.content_type);
  return field<std::string>(j, "presentationId", "POST", url);
}

void RefdevExtension::present_frame(const std::string& presentation, const Image& frame,
                                    double t) {
  api_.call_json("POST",
                 fmt::format("/ISAPI/Refdev/camera/presentation/frame?format=json&id={}&t={:.4f}",
                             percent_encoded(presentation), t),
                 as_string(frame), frame.mime);
}

MatchResult RefdevExtension::end_presentation(const std::string& presentation) {
  const auto [url, j] = api_.call_json(
      "POST",
      "/ISAPI/Refdev/camera/presentation/end?format=json&id=" + percent_encoded(presentation));
  return match_result(j, url);
}

std::vector<StoredMedia> RefdevExtension::list_media() {
  const auto [url, j] = api_.call_json("GET", "/ISAPI/Refdev/storage/media?format=json");
  std::vector<StoredMedia> out;
  for (const auto& m : array(j, "MediaList", "GET", url))
    out.push_back({field<std::string>(m, "path", "GET", url),
                   field<std::string>(m, "category", "GET", url),
                   field<std::uint64_t>(m, "size", "GET", url),
                   field<std::string>(m, "sha256", "GET", url),
                   field<std::string>(m, "modified", "GET", url)});
  return out;
}

// The device sends a ustar archive of its data folder; it is checked to be one (header magic and
// size) and written under a new name, storage-dump-N.tar.
StorageDump RefdevExtension::dump_storage(const fs::path& into_dir) {
  const auto [url, r] = dump_api_.call("GET", "/ISAPI/Refdev/storage/dump");
  if (r.content_type != "application/x-tar")
    throw DriverError(
        fmt::format("GET {}: expected application/x-tar, got '{}'", url, r.content_type));
  if (r.body.size() < 1024 || r.body.size() % 512 != 0 ||
      (r.body.compare(257, 5, "ustar") != 0 && r.body.find_first_not_of('\0') != std::string::npos))
    throw DriverError(
        fmt::format("GET {}: the {} bytes received are not a ustar archive", url, r.body.size()));
  std::error_code ec;
  fs::create_directories(into_dir, ec);
  if (ec)
    throw DriverError(
        fmt::format("{}: cannot create the folder: {}", into_dir.string(), ec.message()));
  fs::path file;
  for (int n = 1; file.empty() || fs::exists(file, ec); ++n)
    file = into_dir / fmt::format("storage-dump-{}.tar", n);
  std::ofstream out(file, std::ios::binary);
  out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
  out.close();
  if (!out) throw DriverError(fmt::format("{}: cannot write the storage dump", file.string()));
  return {file, "tar", r.body.size(), digest::hash_hex(digest::Algorithm::SHA256, r.body)};
}

std::vector<DataStore> RefdevExtension::describe_storage() {
  const auto [url, j] = api_.call_json("GET", "/ISAPI/Refdev/storage/stores?format=json");
  std::vector<DataStore> out;
  for (const auto& s : array(j, "StoreList", "GET", url))
    out.push_back({field<std::string>(s, "name", "GET", url),
                   field<std::string>(s, "holds", "GET", url),
                   field<std::string>(s, "locationKind", "GET", url),
                   field<std::string>(s, "location", "GET", url),
                   field<std::vector<std::string>>(s, "fields", "GET", url)});
  return out;
}

std::vector<StoreRecord> RefdevExtension::read_store(const std::string& store_name) {
  const auto [url, j] = api_.call_json(
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

// The device names its template service in deviceInfo (templateServiceUrl) when it is not the API
// itself; the driver goes where the device says, as a server syncing features would.
FaceTemplate RefdevExtension::export_template(const std::string& person_id) {
  pugi::xml_document doc;
  const auto [info_url, info] = api_.call("GET", "/ISAPI/System/deviceInfo");
  std::string service =
      isapi::as_xml(doc, "DeviceInfo", "GET", info_url, info).child_value("templateServiceUrl");
  if (service.empty()) service = api_.base() + "/ISAPI/Refdev/template";
  const auto [url, r] = api_.call("GET", service + "?employeeNo=" + person_id);
  return refdev_json::template_from_json(isapi::as_json("GET", url, r), "GET " + url);
}

std::string RefdevExtension::create_template_key() {
  const auto [url, j] = api_.call_json("POST", "/ISAPI/Refdev/template/keys?format=json");
  return field<std::string>(j, "keyId", "POST", url);
}

void RefdevExtension::revoke_template_key(const std::string& key_id) {
  api_.call_json("DELETE",
                 "/ISAPI/Refdev/template/keys?format=json&keyId=" + percent_encoded(key_id));
}

FaceTemplate RefdevExtension::make_template(const Image& face, const std::string& key_id) {
  const auto body = multipart::encode(
      {{"TemplateRequest", "", "application/json", json{{"keyId", key_id}}.dump()},
       {"FaceImage", "face" + extension(face), face.mime, as_string(face)}});
  const auto [url, j] = api_.call_json("POST", "/ISAPI/Refdev/template/make?format=json",
                                       body.body, body.content_type);
  return refdev_json::template_from_json(j, "POST " + url);
}

TemplateComparison RefdevExtension::compare_templates(const FaceTemplate& a,
                                                      const FaceTemplate& b) {
  const auto [url, j] = api_.post_json("POST", "/ISAPI/Refdev/template/compare?format=json",
                                       json{{"templateA", refdev_json::template_to_json(a)},
                                            {"templateB", refdev_json::template_to_json(b)}});
  return {field<double>(j, "score", "POST", url), field<bool>(j, "match", "POST", url)};
}

void RefdevExtension::set_retention(std::chrono::seconds retention) {
  api_.post_json("PUT", "/ISAPI/Refdev/retention?format=json",
                 json{{"retentionSeconds", retention.count()}});
}

}  // namespace facecert::drivers
