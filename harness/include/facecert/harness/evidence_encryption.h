// Encryption at rest of a finished run's raw evidence that can hold face data (issue 8; format in
// evidence_cipher.h, policy in docs/evidence-integrity.md). Captures and storage dumps are
// encrypted; the pixelated thumbnails and JSON/CSV/SVG/log evidence stay clear. The journal's
// evidence references then name FILE.fcenc with the encrypted file's SHA-256, and
// evidence/run/encryption.json records what was encrypted under which key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/lab_keys.h"

namespace facecert::harness {

inline constexpr const char* kEncryptionRecord = "evidence/run/encryption.json";

// True for evidence/... files of a kind that holds raw face data (by extension: a plug-in table).
bool holds_raw_face_data(const std::string& relative_path);

struct EncryptedEvidence {
  std::string original;   // relative path before, e.g. evidence/capture.pcapng
  std::string encrypted;  // original + ".fcenc"
  std::string sha256;     // of the encrypted file
  std::uint64_t plaintext_size = 0;
};

struct EvidenceEncryption {
  bool enabled = true;
  std::string key_id;  // evidence key id, when enabled
  std::vector<EncryptedEvidence> files;
  nlohmann::json to_json() const;
};

// Encrypts every raw face-data file under RUN_DIR/evidence (originals overwritten and removed),
// rewrites the journal's evidence references and run header, and writes evidence/run/encryption.json.
// Throws std::runtime_error naming the file it could not process.
EvidenceEncryption encrypt_run_evidence(const std::filesystem::path& run_dir, const LabKeys& keys);

// A run with encryption switched off (--no-encrypt-evidence): recorded in the journal and record file.
void record_evidence_left_clear(const std::filesystem::path& run_dir);

}  // namespace facecert::harness
