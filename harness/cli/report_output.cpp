#include "report_output.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "facecert/harness/journal.h"

namespace facecert::cli {

ReportFiles write_reports(const std::filesystem::path& run_dir, std::vector<std::string> formats,
                          const reports::WriteOptions& options, harness::RunRecord* run_out) {
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
  harness::EvidenceStore(run_dir).write_manifest();
  if (run_out) *run_out = run;
  return out;
}

}  // namespace facecert::cli
