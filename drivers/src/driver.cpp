#include "facecert/drivers/driver.h"

#include <array>
#include <string>
#include <utility>

namespace facecert::drivers {
namespace {
constexpr std::array<std::pair<Capability, std::string_view>, 19> kNames{{
    {Capability::Info, "info"},
    {Capability::Login, "login"},
    {Capability::Enrol, "enrol"},
    {Capability::Verify, "verify"},
    {Capability::Identify, "identify"},
    {Capability::PresentMedia, "present_media"},
    {Capability::ListMedia, "list_media"},
    {Capability::ReadAuditLog, "read_audit_log"},
    {Capability::SetRetention, "set_retention"},
    {Capability::DeletePerson, "delete_person"},
    {Capability::ExportTemplate, "export_template"},
    {Capability::DumpStorage, "dump_storage"},
    {Capability::DescribeStorage, "describe_storage"},
    {Capability::ReadStore, "read_store"},
    {Capability::TemplateKeys, "template_keys"},
    {Capability::MakeTemplate, "make_template"},
    {Capability::CompareTemplates, "compare_templates"},
    {Capability::PresentClip, "present_clip"},
    {Capability::ReadEvents, "read_events"},
}};
}  // namespace

std::string_view to_string(Capability c) {
  for (const auto& [cap, name] : kNames)
    if (cap == c) return name;
  return "unknown";
}

std::optional<Capability> capability_from_string(std::string_view s) {
  for (const auto& [cap, name] : kNames)
    if (name == s) return cap;
  return std::nullopt;
}

const std::vector<Capability>& all_capabilities() {
  static const std::vector<Capability> all = [] {
    std::vector<Capability> v;
    for (const auto& [cap, name] : kNames) v.push_back(cap);
    return v;
  }();
  return all;
}

std::string_view to_string(MatchResult::Decision d) {
  switch (d) {
    case MatchResult::Decision::Accepted: return "accepted";
    case MatchResult::Decision::Rejected: return "rejected";
    case MatchResult::Decision::NoFace: return "no_face";
    case MatchResult::Decision::Attack: return "attack";
  }
  return "unknown";
}

std::string to_string(const StoreValue& v) {
  switch (v.kind) {
    case StoreValue::Kind::Text: return v.text;
    case StoreValue::Kind::Null: return "<null>";
    case StoreValue::Kind::Blob: break;
  }
  return "<blob " + std::to_string(v.size) + " bytes, " + v.media_type + ", sha256 " + v.sha256 +
         ">";
}

UnsupportedCapability::UnsupportedCapability(Capability c)
    : DriverError("driver does not support capability '" + std::string(to_string(c)) + "'") {}

DeviceInfo Driver::info() { throw UnsupportedCapability(Capability::Info); }
void Driver::login() { throw UnsupportedCapability(Capability::Login); }
EnrolResult Driver::enrol(const Person&, const Image&) { throw UnsupportedCapability(Capability::Enrol); }
MatchResult Driver::verify(const Image&, const Image&) { throw UnsupportedCapability(Capability::Verify); }
MatchResult Driver::identify(const Image&) { throw UnsupportedCapability(Capability::Identify); }
MatchResult Driver::present(const Image&) { throw UnsupportedCapability(Capability::PresentMedia); }
std::vector<StoredMedia> Driver::list_media() { throw UnsupportedCapability(Capability::ListMedia); }
std::vector<AuditEntry> Driver::read_audit_log() { throw UnsupportedCapability(Capability::ReadAuditLog); }
void Driver::set_retention(std::chrono::seconds) { throw UnsupportedCapability(Capability::SetRetention); }
void Driver::delete_person(const std::string&) { throw UnsupportedCapability(Capability::DeletePerson); }
FaceTemplate Driver::export_template(const std::string&) {
  throw UnsupportedCapability(Capability::ExportTemplate);
}
StorageDump Driver::dump_storage(const std::filesystem::path&) {
  throw UnsupportedCapability(Capability::DumpStorage);
}
std::vector<DataStore> Driver::describe_storage() {
  throw UnsupportedCapability(Capability::DescribeStorage);
}
std::vector<StoreRecord> Driver::read_store(const std::string&) {
  throw UnsupportedCapability(Capability::ReadStore);
}
std::string Driver::create_template_key() { throw UnsupportedCapability(Capability::TemplateKeys); }
void Driver::revoke_template_key(const std::string&) {
  throw UnsupportedCapability(Capability::TemplateKeys);
}
FaceTemplate Driver::make_template(const Image&, const std::string&) {
  throw UnsupportedCapability(Capability::MakeTemplate);
}
TemplateComparison Driver::compare_templates(const FaceTemplate&, const FaceTemplate&) {
  throw UnsupportedCapability(Capability::CompareTemplates);
}

std::string Driver::begin_presentation(const PresentationRequest&) {
  throw UnsupportedCapability(Capability::PresentClip);
}
void Driver::present_frame(const std::string&, const Image&, double) {
  throw UnsupportedCapability(Capability::PresentClip);
}
MatchResult Driver::end_presentation(const std::string&) {
  throw UnsupportedCapability(Capability::PresentClip);
}
std::vector<RecognitionEvent> Driver::read_events() { throw UnsupportedCapability(Capability::ReadEvents); }

}  // namespace facecert::drivers
