// The signed evidence manifest of a run directory (docs/evidence-integrity.md):
//   manifest.json        every file of the run (evidence, reports, plan, journal) with size, SHA-256, SM3
//   manifest.sig         {"algorithm", "key_fingerprint", "signature": base64 DER} over manifest.json's bytes
//   lab-signing.pub.pem  the lab's public key, so the run can be checked anywhere
// and its verification (`facecert report verify`).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/lab_keys.h"

namespace facecert::harness {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kSignatureFile = "manifest.sig";
inline constexpr const char* kRunPublicKeyFile = "lab-signing.pub.pem";
inline constexpr const char* kManifestSchema = "facecert.manifest/2";
inline constexpr const char* kSignatureSchema = "facecert.manifest-signature/1";

// True for the files a manifest does not list: the three above and SQLite's transient files.
bool manifest_excludes(const std::string& relative_path);

// Writes manifest.json; with keys, also manifest.sig and lab-signing.pub.pem (without, any stale
// signature is removed). Returns the number of files listed. Throws std::runtime_error naming the file.
std::size_t write_run_manifest(const std::filesystem::path& run_dir, const LabKeys* keys);

enum class FileProblem { Changed, Missing, Unlisted };
const char* to_string(FileProblem p);

struct FileIssue {
  std::string path;  // relative to the run directory
  FileProblem problem;
  std::string detail;
};

struct VerifyResult {
  std::size_t files_listed = 0;
  std::vector<FileIssue> issues;
  bool signature_valid = false;
  std::string signature_problem;      // why not valid, when not
  std::string signature_algorithm;    // from manifest.sig
  std::string signed_by;              // key fingerprint manifest.sig names
  std::string embedded_fingerprint;   // of RUN_DIR/lab-signing.pub.pem ("" when absent/unreadable)
  std::string checked_with;           // fingerprint of the key the signature was checked against
  std::optional<bool> embedded_matches_given;  // set when a key was given
  bool intact() const { return issues.empty() && signature_valid; }
  nlohmann::json to_json() const;
};

// The run directory or its manifest cannot be read: nothing can be verified (exit 2).
class VerifyInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Recomputes every listed file's digests and checks the signature against `given_public_pem` when
// set, else against the run's embedded key.
VerifyResult verify_run_dir(const std::filesystem::path& run_dir,
                            const std::optional<std::string>& given_public_pem);

}  // namespace facecert::harness
