#include "facecert/harness/run_manifest.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "facecert/harness/file_digests.h"
#include "openssl_util.h"

namespace facecert::harness {
namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", file.string()));
}

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Every regular file of the run directory that a manifest lists, relative, sorted.
std::vector<std::string> listable_files(const std::filesystem::path& run_dir) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(run_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = relative_to(entry.path(), run_dir);
    if (!manifest_excludes(rel)) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool manifest_excludes(const std::string& rel) {
  // SQLite's rollback journal beside journal.sqlite exists only while a transaction is open.
  return rel == kManifestFile || rel == kSignatureFile || rel == kRunPublicKeyFile ||
         rel == "journal.sqlite-journal" || rel == "journal.sqlite-wal" || rel == "journal.sqlite-shm";
}

const char* to_string(FileProblem p) {
  switch (p) {
    case FileProblem::Changed: return "changed";
    case FileProblem::Missing: return "missing";
    case FileProblem::Unlisted: return "unlisted";
  }
  return "?";
}

std::size_t write_run_manifest(const std::filesystem::path& run_dir, const LabKeys* keys) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& rel : listable_files(run_dir)) {
    const FileDigests d = digest_file(run_dir / rel);
    files.push_back({{"path", rel}, {"size", d.size}, {"sha256", d.sha256}, {"sm3", d.sm3}});
  }
  const std::string manifest =
      nlohmann::json{{"schema", kManifestSchema}, {"algorithms", {"sha256", "sm3"}}, {"files", files}}.dump(2) + "\n";
  write_text(run_dir / kManifestFile, manifest);

  std::error_code ec;
  if (!keys) {
    std::filesystem::remove(run_dir / kSignatureFile, ec);  // a stale signature would not match
    return files.size();
  }
  const auto sig = sign_bytes(*keys, as_bytes(manifest));
  const nlohmann::json sig_json{{"schema", kSignatureSchema},
                                {"signed_file", kManifestFile},
                                {"algorithm", signature_algorithm(keys->algorithm)},
                                {"key_fingerprint", keys->fingerprint},
                                {"public_key", kRunPublicKeyFile},
                                {"signature", ossl::base64_encode(sig)}};
  write_text(run_dir / kRunPublicKeyFile, keys->public_pem);
  write_text(run_dir / kSignatureFile, sig_json.dump(2) + "\n");
  return files.size();
}

nlohmann::json VerifyResult::to_json() const {
  nlohmann::json issues_json = nlohmann::json::array();
  for (const auto& i : issues)
    issues_json.push_back({{"path", i.path}, {"problem", to_string(i.problem)}, {"detail", i.detail}});
  nlohmann::json sig{{"valid", signature_valid},
                     {"algorithm", signature_algorithm},
                     {"signed_by", signed_by},
                     {"checked_with", checked_with},
                     {"embedded_key_fingerprint", embedded_fingerprint}};
  if (!signature_problem.empty()) sig["problem"] = signature_problem;
  if (embedded_matches_given) sig["embedded_key_matches_given"] = *embedded_matches_given;
  return {{"schema", "facecert.verify/1"},
          {"intact", intact()},
          {"files_listed", files_listed},
          {"issues", issues_json},
          {"signature", sig}};
}

VerifyResult verify_run_dir(const std::filesystem::path& run_dir,
                            const std::optional<std::string>& given_public_pem) {
  if (!std::filesystem::is_directory(run_dir))
    throw VerifyInputError(fmt::format("{}: not a run directory", run_dir.string()));
  const auto manifest_file = run_dir / kManifestFile;
  if (!std::filesystem::exists(manifest_file))
    throw VerifyInputError(fmt::format("{}: no manifest (was a report written for this run?)", manifest_file.string()));
  std::string manifest_text;
  nlohmann::json manifest;
  try {
    manifest_text = slurp(manifest_file);
    manifest = nlohmann::json::parse(manifest_text);
    if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array())
      throw std::runtime_error("no \"files\" list");
  } catch (const std::exception& e) {
    throw VerifyInputError(fmt::format("{}: not a facecert manifest: {}", manifest_file.string(), e.what()));
  }

  VerifyResult r;
  std::map<std::string, nlohmann::json> listed;
  for (const auto& f : manifest["files"])
    if (f.is_object() && f.contains("path") && f["path"].is_string()) listed[f["path"].get<std::string>()] = f;
  r.files_listed = listed.size();

  for (const auto& [rel, entry] : listed) {
    const auto file = run_dir / rel;
    if (!std::filesystem::is_regular_file(file)) {
      r.issues.push_back({rel, FileProblem::Missing, "listed in the manifest, not in the run directory"});
      continue;
    }
    FileDigests d;
    try {
      d = digest_file(file);
    } catch (const std::exception& e) {
      r.issues.push_back({rel, FileProblem::Changed, e.what()});
      continue;
    }
    std::vector<std::string> differ;
    if (entry.value("size", std::uint64_t{0}) != d.size) differ.push_back("size");
    if (entry.value("sha256", std::string()) != d.sha256) differ.push_back("SHA-256");
    if (entry.value("sm3", std::string()) != d.sm3) differ.push_back("SM3");
    if (!differ.empty())
      r.issues.push_back({rel, FileProblem::Changed, fmt::format("{} differ from the manifest", fmt::join(differ, ", "))});
  }
  for (const auto& rel : listable_files(run_dir))
    if (!listed.count(rel)) r.issues.push_back({rel, FileProblem::Unlisted, "not in the manifest"});

  // The signature: over manifest.json's exact bytes.
  std::string embedded_pem;
  try {
    embedded_pem = slurp(run_dir / kRunPublicKeyFile);
    r.embedded_fingerprint = public_key_fingerprint(embedded_pem);
  } catch (const std::exception& e) {
    embedded_pem.clear();
    if (!given_public_pem) r.signature_problem = fmt::format("{}: {}", kRunPublicKeyFile, e.what());
  }
  if (given_public_pem) {
    r.checked_with = public_key_fingerprint(*given_public_pem);
    r.embedded_matches_given = !r.embedded_fingerprint.empty() && r.embedded_fingerprint == r.checked_with;
  } else {
    r.checked_with = r.embedded_fingerprint;
  }
  const std::string& key_pem = given_public_pem ? *given_public_pem : embedded_pem;
  if (key_pem.empty()) return r;
  try {
    const nlohmann::json sig = nlohmann::json::parse(slurp(run_dir / kSignatureFile));
    r.signature_algorithm = sig.at("algorithm").get<std::string>();
    r.signed_by = sig.value("key_fingerprint", "");
    const auto der = ossl::base64_decode(sig.at("signature").get<std::string>());
    r.signature_valid = verify_signature(key_pem, r.signature_algorithm, as_bytes(manifest_text), der);
    if (!r.signature_valid) r.signature_problem = "the signature does not match manifest.json under this key";
  } catch (const std::exception& e) {
    r.signature_problem = fmt::format("{}: {}", kSignatureFile, e.what());
  }
  return r;
}

}  // namespace facecert::harness
