// `json` writer: result.json, the canonical machine-readable result.
#include "facecert/reports/redact.h"
#include "facecert/reports/result_json.h"
#include "facecert/reports/summary.h"
#include "output_file.h"

namespace facecert::reports {
namespace {

using nlohmann::json;

json run_json(const harness::RunRecord& r) {
  return {
      {"run_id", r.run_id},
      {"facecert_version", r.facecert_version},
      {"started", r.started},
      {"finished", r.finished},
      {"complete", !r.finished.empty()},
      {"plan",
       {{"id", r.plan_id},
        {"version", r.plan_version},
        {"title", r.plan_title},
        {"regulation", r.regulation},
        {"file", r.plan_file},
        {"sha256", r.plan_sha256}}},
      {"product_profile", r.product_profile},
      {"device", {{"driver", r.device_driver}, {"url", r.device_url}, {"info", r.device_info}}},
      {"report_info", r.report_info.is_object() ? r.report_info : json::object()},
      {"tools", r.tools.is_object() ? r.tools : json::object()},
  };
}

json summary_json(const RunSummary& s) {
  json counts = json::object();
  for (auto v : all_verdicts()) counts[std::string(harness::to_string(v))] = s.count(v);
  return {{"counts", counts},
          {"planned_cases", s.planned_cases},
          {"decided_cases", s.decided_cases},
          {"overall", std::string(harness::to_string(s.overall))}};
}

// The schema promises an object; a bare value a check recorded is kept under "value".
json measurements_object(const json& m) {
  if (m.is_null()) return json::object();
  if (!m.is_object()) return {{"value", m}};
  return m;
}

json refs_json(const std::vector<harness::EvidenceRef>& refs) {
  json evidence = json::array();
  for (const auto& e : refs)
    evidence.push_back(
        {{"path", e.path}, {"sha256", e.sha256}, {"kind", e.kind}, {"description", e.description}});
  return evidence;
}

json local_json(const harness::LocalText& t) {
  json o = json::object();
  for (const auto& [lang, text] : t.items) o[lang] = text;
  return o;
}

json case_json(const harness::CaseResult& c) {
  const json evidence = refs_json(c.evidence);
  json j = {{"id", c.id},
          {"clause", c.clause},
          {"type", c.type},
          {"title", c.title},
          {"requirement", c.requirement},
          {"verdict", std::string(harness::to_string(c.verdict))},
          {"reason", c.reason},
          {"measurements", measurements_object(c.measurements)},
          {"evidence", evidence},
          {"started", c.started},
          {"finished", c.finished},
          {"duration_s", c.duration_s},
          {"method", local_json(c.method_text)}};
  if (c.inspector)
    j["inspector"] = {{"verdict", std::string(harness::to_string(c.inspector->verdict))},
                      {"note", c.inspector->note},
                      {"inspector", c.inspector->inspector},
                      {"recorded", c.inspector->recorded},
                      {"attachments", refs_json(c.inspector->attachments)}};
  return j;
}

class JsonWriter final : public ReportWriter {
 public:
  std::string name() const override { return "json"; }
  std::string file_name() const override { return "result.json"; }
  void write(const harness::RunRecord& run, const std::filesystem::path& out,
             const WriteOptions& options) const override {
    // Device text may not be valid UTF-8: replace bad bytes rather than fail the report.
    const auto text = result_json(run, options).dump(2, ' ', false, json::error_handler_t::replace);
    write_report_file(out, text + "\n");
  }
};

const ReportRegistration<JsonWriter> kRegistration;

}  // namespace

json result_json(const harness::RunRecord& run, const WriteOptions& options) {
  const harness::RunRecord& r = options.redact ? redact_run(run) : run;
  json cases = json::array();
  for (const auto& c : r.cases) cases.push_back(case_json(c));
  return {{"schema", kResultSchemaId},
          {"run", run_json(r)},
          {"summary", summary_json(summarize(r))},
          {"cases", cases}};
}

}  // namespace facecert::reports
