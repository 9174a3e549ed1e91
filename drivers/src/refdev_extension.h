// What only facecert's reference device offers beyond ISAPI (its /ISAPI/Refdev/... API, listed
// in <RefdevCap> of /ISAPI/System/capabilities): the camera feed (identify, verify, present, clip
// presentations), storage inspection, template protection and the retention setting. Used by the
// refdev driver and by the isapi driver with the option extension=refdev, so there is one copy.
// Private header.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "facecert/drivers/driver.h"
#include "isapi_responses.h"

namespace facecert::drivers {

// "accepted", "rejected", "no_face", "attack"; DriverError "<where>: unknown decision" otherwise.
MatchResult::Decision refdev_decision(const std::string& decision, const std::string& where);

class RefdevExtension {
 public:
  // Calls go through `api`; storage dumps through their own connection allowed a larger body.
  explicit RefdevExtension(isapi::Endpoint& api);

  // The capabilities it provides.
  static const std::set<Capability>& capabilities();

  MatchResult verify(const Image& id_document, const Image& live);
  MatchResult identify(const Image& frame);
  MatchResult present(const Image& frame);
  std::string begin_presentation(const PresentationRequest& request);
  void present_frame(const std::string& presentation, const Image& frame, double t);
  MatchResult end_presentation(const std::string& presentation);

  std::vector<StoredMedia> list_media();
  StorageDump dump_storage(const std::filesystem::path& into_dir);
  std::vector<DataStore> describe_storage();
  std::vector<StoreRecord> read_store(const std::string& store_name);

  FaceTemplate export_template(const std::string& person_id);
  std::string create_template_key();
  void revoke_template_key(const std::string& key_id);
  FaceTemplate make_template(const Image& face, const std::string& key_id);
  TemplateComparison compare_templates(const FaceTemplate& a, const FaceTemplate& b);

  void set_retention(std::chrono::seconds retention);

 private:
  isapi::Endpoint& api_;
  isapi::Endpoint dump_api_;
};

// A Driver whose refdev-only methods go to a RefdevExtension: the refdev and isapi drivers
// derive from it and say where their extension is (`extension(c)` throws UnsupportedCapability
// when the driver has none, or not that capability).
class RefdevExtensionDriver : public Driver {
 public:
  MatchResult verify(const Image& id_document, const Image& live) override {
    return extension(Capability::Verify).verify(id_document, live);
  }
  MatchResult identify(const Image& frame) override { return extension(Capability::Identify).identify(frame); }
  MatchResult present(const Image& frame) override { return extension(Capability::PresentMedia).present(frame); }
  std::string begin_presentation(const PresentationRequest& request) override {
    return extension(Capability::PresentClip).begin_presentation(request);
  }
  void present_frame(const std::string& presentation, const Image& frame, double t) override {
    extension(Capability::PresentClip).present_frame(presentation, frame, t);
  }
  MatchResult end_presentation(const std::string& presentation) override {
    return extension(Capability::PresentClip).end_presentation(presentation);
  }
  std::vector<StoredMedia> list_media() override { return extension(Capability::ListMedia).list_media(); }
  StorageDump dump_storage(const std::filesystem::path& into_dir) override {
    return extension(Capability::DumpStorage).dump_storage(into_dir);
  }
  std::vector<DataStore> describe_storage() override {
    return extension(Capability::DescribeStorage).describe_storage();
  }
  std::vector<StoreRecord> read_store(const std::string& store_name) override {
    return extension(Capability::ReadStore).read_store(store_name);
  }
  FaceTemplate export_template(const std::string& person_id) override {
    return extension(Capability::ExportTemplate).export_template(person_id);
  }
  std::string create_template_key() override { return extension(Capability::TemplateKeys).create_template_key(); }
  void revoke_template_key(const std::string& key_id) override {
    extension(Capability::TemplateKeys).revoke_template_key(key_id);
  }
  FaceTemplate make_template(const Image& face, const std::string& key_id) override {
    return extension(Capability::MakeTemplate).make_template(face, key_id);
  }
  TemplateComparison compare_templates(const FaceTemplate& a, const FaceTemplate& b) override {
    return extension(Capability::CompareTemplates).compare_templates(a, b);
  }
  void set_retention(std::chrono::seconds retention) override {
    extension(Capability::SetRetention).set_retention(retention);
  }

 protected:
  virtual RefdevExtension& extension(Capability c) = 0;
};

}  // namespace facecert::drivers
