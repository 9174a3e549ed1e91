// How the reference device behaves. Defaults are the compliant behaviour; each seeded flaw
// (flaws.h) changes one or more fields.
#pragma once

namespace facecert::refdev {

struct DevicePolicy {
  bool tls = true;                    // 7.0.encryption: serve the API over HTTPS only
  bool keep_capture_images = false;   // 6.1.2: camera frames and ID images stay in memory only
  bool legacy_tls10 = false;          // 7.0.encryption: TLS 1.2+ with AEAD suites only
  bool plaintext_feature_service = false;  // 7.0.encryption: templates leave over the TLS API only
  bool retention_expiry = true;       // 6.1.5 / 6.2.4: the retention period really deletes
  bool separate_face_and_identity = true;  // 6.1.5 / 6.2.4: face data and identity data apart
  bool erase_before_unlink = true;    // 6.1.2 / 6.1.5: deleted data is overwritten, not just unlinked
  bool protected_templates = true;    // 6.1.3: templates keyed, renewable, irreversible, unlinkable
  bool presentation_attack_detection = true;  // 6.1.4: clips are judged for liveness before matching
};

}  // namespace facecert::refdev
