// Evidence goes to RUN_DIR/evidence/<case id>/..., each file hashed (SHA-256) when recorded;
// write_manifest() lists every evidence and report file and the journal with SHA-256 and SM3 in
// RUN_DIR/manifest.json and signs it with the lab key (run_manifest.h, docs/evidence-integrity.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/lab_keys.h"
#include "facecert/harness/result.h"

namespace facecert::harness {

class EvidenceStore {
 public:
  explicit EvidenceStore(std::filesystem::path run_dir);
  const std::filesystem::path& run_dir() const { return run_dir_; }
  std::filesystem::path evidence_dir() const { return run_dir_ / "evidence"; }

  // Writes bytes to evidence/<case_id>/<name>; throws std::runtime_error naming the path.
  EvidenceRef add_bytes(const std::string& case_id, const std::string& name,
                        std::span<const std::uint8_t> bytes, const std::string& kind,
                        const std::string& description);
  EvidenceRef add_text(const std::string& case_id, const std::string& name, const std::string& text,
                       const std::string& kind, const std::string& description);
  EvidenceRef add_json(const std::string& case_id, const std::string& name,
                       const nlohmann::json& value, const std::string& description);
  // A file already inside the run directory (e.g. the capture): referenced, hashed now.
  EvidenceRef reference(const std::filesystem::path& file, const std::string& kind,
                        const std::string& description);

  // Hashes every file under the run directory (journal included; not the manifest, its signature
  // and the public key copy) and writes manifest.json; with keys, signs it (manifest.sig) and copies
  // the public key in. Returns the number of files listed.
  std::size_t write_manifest(const LabKeys* keys = nullptr) const;

 private:
  std::filesystem::path run_dir_;
  std::mutex mu_;
};

// "evidence/x" relative to the run directory, with '/' separators.
std::string relative_to(const std::filesystem::path& file, const std::filesystem::path& dir);

}  // namespace facecert::harness
