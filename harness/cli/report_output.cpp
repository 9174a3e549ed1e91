#include "report_output.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "facecert/harness/journal.h"

namespace facecert::cli {

harness::LabKeys lab_keys_for_run(const std::filesystem::path& dir) {
  const std::filesystem::path where = dir.empty() ? harness::default_keys_dir() : dir;
  bool created = false;
  harness::LabKeys keys = harness::ensure_lab_keys(where, &created);
  if (created)
    fmt::print("lab keys: none found, made new ones in {} (fingerprint {}); see `facecert keys show`\n",
               where.string(), keys.fingerprint);
  return keys;
}

ReportFiles write_reports(const std::filesystem::path& run_dir, std::vector<std::string> formats,
                          const reports::WriteOptions& options, harness::RunRecord* run_out,
                          const harness::LabKeys* keys, const std::filesystem::path& keys_dir) {
  const harness::RunRecord run = harness::read_journal(run_dir / "journal.sqlite");
  auto& registry = reports::ReportRegistry::instance();
  if (formats.empty()) formats = registry.names();
  ReportFiles out;
  for (const auto& f : formats) {
    const reports::ReportWriter* w = registry.find(f);
    if (!w) {
      out.errors.push_back(fmt::format("unknown report format '{}' (known: {})", f,
                                       fmt::join(registry.names(), ", ")));
      continue;
    }
    const auto file = run_dir / w->file_name();
    try {
      w->write(run, file, options);
      out.written.emplace_back(f, file);
    } catch (const std::exception& e) {
      out.errors.push_back(e.what());  // the other formats are still written
    }
  }
  // Signed last: the manifest covers every report just written and the journal they came from.
  const harness::LabKeys lab = keys ? harness::LabKeys{} : lab_keys_for_run(keys_dir);
  harness::EvidenceStore(run_dir).write_manifest(keys ? keys : &lab);
  if (run_out) *run_out = run;
  return out;
}

}  // namespace facecert::cli
