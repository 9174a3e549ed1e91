#include "facecert/harness/evidence_store.h"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "facecert/harness/run_manifest.h"
#include "facecert/probes/hashing.h"

namespace facecert::harness {

std::string relative_to(const std::filesystem::path& file, const std::filesystem::path& dir) {
  return std::filesystem::relative(file, dir).generic_string();
}

EvidenceStore::EvidenceStore(std::filesystem::path run_dir) : run_dir_(std::move(run_dir)) {
  std::error_code ec;
  std::filesystem::create_directories(evidence_dir(), ec);
  if (ec)
    throw std::runtime_error(
        fmt::format("{}: cannot create evidence folder: {}", evidence_dir().string(), ec.message()));
}

EvidenceRef EvidenceStore::add_bytes(const std::string& case_id, const std::string& name,
                                     std::span<const std::uint8_t> bytes, const std::string& kind,
                                     const std::string& description) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::filesystem::path dir = evidence_dir() / case_id;
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write evidence", file.string()));
  return {relative_to(file, run_dir_), probes::sha256_hex(bytes), kind, description};
}

EvidenceRef EvidenceStore::add_text(const std::string& case_id, const std::string& name,
                                    const std::string& text, const std::string& kind,
                                    const std::string& description) {
  return add_bytes(case_id, name,
                   {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, kind,
                   description);
}

EvidenceRef EvidenceStore::add_json(const std::string& case_id, const std::string& name,
                                    const nlohmann::json& value, const std::string& description) {
  return add_text(case_id, name, value.dump(2) + "\n", "json", description);
}

EvidenceRef EvidenceStore::reference(const std::filesystem::path& file, const std::string& kind,
                                     const std::string& description) {
  return {relative_to(file, run_dir_), probes::sha256_file(file), kind, description};
}

std::size_t EvidenceStore::write_manifest(const LabKeys* keys) const {
  return write_run_manifest(run_dir_, keys);
}

}  // namespace facecert::harness
