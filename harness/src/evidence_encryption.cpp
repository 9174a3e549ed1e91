#include "facecert/harness/evidence_encryption.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <sqlite3.h>

#include "facecert/harness/evidence_cipher.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/secure_erase.h"
#include "facecert/probes/hashing.h"

namespace facecert::harness {
namespace {

// Evidence file kinds that hold raw face data. Thumbnails (.png/.jpg) are pixelated by the
// detectors and the carver before they are written (probes' write_pixelated_thumbnail, 6.1.4's
// redacted_thumbnail), so they stay clear; a case that writes an unredacted image must use one of
// these extensions or add its own here.
struct RawKind {
  const char* extension;
  const char* what;
};
constexpr std::array<RawKind, 10> kRawKinds{{
    {".pcapng", "network capture (face images sent over the network)"},
    {".pcap", "network capture"},
    {".tar", "device storage dump"},
    {".img", "device storage image"},
    {".bin", "device memory or flash dump"},
    {".dump", "device storage dump"},
    {".raw", "raw image or dump"},
    {".dd", "disk image"},
    {".yuv", "raw camera frames"},
    {".mp4", "presentation video"},
}};

class Journal {
 public:
  explicit Journal(const std::filesystem::path& file) : file_(file) {
    if (!std::filesystem::exists(file)) return;  // a run without a journal: nothing to rewrite
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) fail("cannot open");
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Journal() { sqlite3_close(db_); }
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  bool open() const { return db_ != nullptr; }

  // Moved files' references in every case's evidence list, and the run header's "evidence_encryption".
  void rewrite(const std::map<std::string, const EncryptedEvidence*>& moved, const nlohmann::json& attribute) {
    exec("BEGIN IMMEDIATE");
    std::vector<std::pair<long long, std::string>> updates;
    {
      sqlite3_stmt* st = prepare("SELECT seq, evidence FROM cases");
      while (sqlite3_step(st) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        nlohmann::json refs = nlohmann::json::parse(text ? text : "[]", nullptr, false);
        if (!refs.is_array()) continue;
        bool changed = false;
        for (auto& r : refs) {
          if (!r.is_object()) continue;
          if (auto it = moved.find(r.value("path", "")); it != moved.end()) {
            r["path"] = it->second->encrypted;
            r["sha256"] = it->second->sha256;
            r["encrypted"] = true;
            changed = true;
          }
        }
        if (changed) updates.emplace_back(sqlite3_column_int64(st, 0), refs.dump());
      }
      sqlite3_finalize(st);
    }
    for (const auto& [seq, refs] : updates) {
      sqlite3_stmt* st = prepare("UPDATE cases SET evidence = ?1 WHERE seq = ?2");
      sqlite3_bind_text(st, 1, refs.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, seq);
      const int rc = sqlite3_step(st);
      sqlite3_finalize(st);
      if (rc != SQLITE_DONE) fail("cannot update evidence references");
    }
    sqlite3_stmt* st = prepare("SELECT value FROM run WHERE key = 'header'");
    std::string header;
    if (sqlite3_step(st) == SQLITE_ROW) header = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    nlohmann::json h = nlohmann::json::parse(header.empty() ? "{}" : header, nullptr, false);
    if (h.is_object()) {
      h["evidence_encryption"] = attribute;  // readers ignore header fields they do not know
      sqlite3_stmt* up = prepare("INSERT OR REPLACE INTO run(key, value) VALUES('header', ?1)");
      const std::string text = h.dump();
      sqlite3_bind_text(up, 1, text.c_str(), -1, SQLITE_TRANSIENT);
      const int rc = sqlite3_step(up);
      sqlite3_finalize(up);
      if (rc != SQLITE_DONE) fail("cannot record evidence encryption");
    }
    exec("COMMIT");
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(fmt::format("{}: {}: {}", file_.string(), what, db_ ? sqlite3_errmsg(db_) : "?"));
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) fail("journal error");
    return st;
  }
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

void write_record(const std::filesystem::path& run_dir, const EvidenceEncryption& e) {
  const auto file = run_dir / kEncryptionRecord;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::trunc);
  out << e.to_json().dump(2) << "\n";
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", file.string()));
}

void record(const std::filesystem::path& run_dir, const EvidenceEncryption& e) {
  std::map<std::string, const EncryptedEvidence*> moved;
  for (const auto& f : e.files) moved[f.original] = &f;
  Journal journal(run_dir / "journal.sqlite");
  nlohmann::json attribute = e.to_json();
  attribute.erase("files");
  if (journal.open()) journal.rewrite(moved, attribute);
  write_record(run_dir, e);
}

}  // namespace

bool holds_raw_face_data(const std::string& rel) {
  if (rel.rfind("evidence/", 0) != 0) return false;
  std::string ext = std::filesystem::path(rel).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kRawKinds.begin(), kRawKinds.end(), [&](const RawKind& k) { return ext == k.extension; });
}

nlohmann::json EvidenceEncryption::to_json() const {
  nlohmann::json files_json = nlohmann::json::array();
  for (const auto& f : files)
    files_json.push_back({{"original", f.original}, {"encrypted", f.encrypted}, {"sha256", f.sha256},
                          {"plaintext_size", f.plaintext_size}});
  nlohmann::json j{{"schema", "facecert.evidence-encryption/1"}, {"enabled", enabled}, {"files", files_json}};
  if (enabled) {
    j["cipher"] = "AES-256-GCM";
    j["format"] = "fcenc/1";
    j["key_id"] = key_id;
  } else {
    j["reason"] = "--no-encrypt-evidence (the lab encrypts its disks otherwise)";
  }
  return j;
}

EvidenceEncryption encrypt_run_evidence(const std::filesystem::path& run_dir, const LabKeys& keys) {
  EvidenceEncryption e;
  e.key_id = keys.evidence_key_id;
  std::vector<std::filesystem::path> targets;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(run_dir / "evidence"))
    if (entry.is_regular_file() && holds_raw_face_data(relative_to(entry.path(), run_dir))) targets.push_back(entry.path());
  std::sort(targets.begin(), targets.end());
  for (const auto& file : targets) {
    const auto out = std::filesystem::path(file.string() + kEncryptedSuffix);
    const auto part = std::filesystem::path(out.string() + ".part");
    EncryptedEvidence ee;
    ee.original = relative_to(file, run_dir);
    ee.encrypted = ee.original + kEncryptedSuffix;
    ee.plaintext_size = std::filesystem::file_size(file);
    encrypt_file(file, part, keys.evidence_key);
    std::filesystem::rename(part, out);
    ee.sha256 = probes::sha256_file(out);
    if (auto problem = secure_erase_file(file); !problem.empty())
      throw std::runtime_error(fmt::format("{} (encrypted copy: {})", problem, out.string()));
    e.files.push_back(std::move(ee));
  }
  record(run_dir, e);
  return e;
}

void record_evidence_left_clear(const std::filesystem::path& run_dir) {
  EvidenceEncryption e;
  e.enabled = false;
  record(run_dir, e);
}

}  // namespace facecert::harness
