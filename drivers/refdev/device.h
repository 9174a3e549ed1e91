// The reference device's state and operations, independent of HTTP: the face engine, the face
// store and identity store (kept apart, 6.1.5), the audit log, recognition events, retention and
// the seeded-flaw policy. Handlers translate HTTP to these calls. Thread-safe.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit_log.h"
#include "capture_store.h"
#include "device_policy.h"
#include "face_engine.h"
#include "face_store.h"
#include "identity_store.h"
#include "pad.h"
#include "presentation_sessions.h"
#include "recognition_events.h"
#include "retention.h"
#include "template_key_store.h"
#include "template_protection.h"

namespace facecert::refdev {

struct DeviceIdentity {
  std::string name = "facecert-refdev", model = "FC-REF-1", serial, firmware = FACECERT_VERSION,
              manufacturer = "facecert project";
  // Where the face templates are served when not on the API itself (flaw plaintext-features).
  std::string template_service_url;
};

struct Decision {
  std::string decision;   // accepted, rejected, no_face, attack (6.1.4, clip presentations)
  std::string person_id;  // accepted (and best candidate when rejected, 1:N)
  double score = 0;       // LBPH distance, lower = more similar
  std::string detail;
  std::optional<PadVerdict> pad;  // the liveness judgement of a clip presentation
};

class Device {
 public:
  Device(std::filesystem::path data_dir, DevicePolicy policy);

  const DeviceIdentity& identity() const { return ident_; }
  // Set once at start-up, before the server threads run.
  void set_template_service_url(std::string url) { ident_.template_service_url = std::move(url); }
  const DevicePolicy& policy() const { return policy_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  AuditLog& audit() { return audit_; }
  IdentityStore& identities() { return identities_; }
  RecognitionEvents& events() { return events_; }
  RetentionSetting& retention() { return retention_; }

  // Throws RequestError 400 badImage / noFace.
  std::string enrol(const std::string& name, const std::string& id_number,
                    const std::string& image);
  bool delete_person(const std::string& person_id);
  // ISAPI UserInfo (device_persons.cpp): a person without a face yet; `employee_no` "" -> the
  // device assigns one. Throws RequestError 400 employeeNoAlreadyExist / badParameters.
  std::string add_person(const std::string& employee_no, const std::string& name,
                         const std::string& id_number);
  bool modify_person(const std::string& employee_no, const std::string& name,
                     const std::string& id_number);  // false when unknown
  // FaceDataRecord with FPID: the face of an existing person (replaces an earlier one, erased).
  // Throws RequestError 404 noSuchPerson, 400 badImage / noFace.
  void attach_face(const std::string& employee_no, const std::string& image);
  // ISAPI alertStream: seconds between heartbeat parts (--heartbeat-s); set before serving.
  int heartbeat_seconds() const { return heartbeat_s_; }
  void set_heartbeat_seconds(int s) { heartbeat_s_ = s; }
  // The face template of an enrolled person under the default template key
  // (template_protection.h); nullopt when unknown.
  std::optional<DeviceTemplate> face_template_of(const std::string& person_id);
  // 6.1.3: template keys and templates made without enrolling anyone (template_protection.h).
  TemplateKeyStore& template_keys() { return keys_; }
  // Throws RequestError 400 badImage / noFace, 404 noSuchKey, 410 keyRevoked. In memory only.
  DeviceTemplate make_template(const std::string& image, const std::string& key_id);
  TemplateMatch compare_templates(const DeviceTemplate& a, const DeviceTemplate& b) const;
  // The frame is what the lens saw; 6.1.2: processed in memory unless the keep-images flaw.
  Decision identify(const std::string& frame);
  Decision verify(const std::string& id_image, const std::string& live_image);
  // 6.1.4: clip presentations, frame by frame; judged as a whole when they end: liveness first
  // (unless the no-pad flaw), then identity (1:N, or 1:1 against the ID document photo).
  PresentationSessions& presentations() { return presentations_; }
  Decision judge_presentation(Presentation presentation);
  // Deletes persons, kept captures and events older than the retention period, each purge
  // audited (retention-purge). Returns how many persons were deleted. Flaw no-expiry: nothing.
  int purge_expired();
  // A ustar archive of DATA as it is on disk (storage_dump.h), taken between enrolments.
  std::string storage_dump();

 private:
  EraseMode erase_mode() const;
  cv::Mat face_or_throw(const std::string& bytes, const char* what, bool& found) const;
  void reload_gallery();
  Decision identify_face(const cv::Mat& face) const;  // 1:N decision on a normalised face

  std::filesystem::path data_dir_;
  DevicePolicy policy_;
  DeviceIdentity ident_;
  AuditLog audit_;
  FaceEngine engine_;
  FaceStore faces_;
  IdentityStore identities_;
  CaptureStore captures_;
  RecognitionEvents events_;
  RetentionSetting retention_;
  TemplateKeyStore keys_;  // DATA/keys, apart from the faces (6.1.3)
  TemplateProtection protection_;
  PresentationAttackDetector pad_;
  PresentationSessions presentations_;
  std::mutex enrol_mu_;  // serialises gallery changes
  int heartbeat_s_ = 10;
};

}  // namespace facecert::refdev
