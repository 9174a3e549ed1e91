// `junit` writer: junit.xml for vendors' CI. One <testsuite> per plan, one <testcase> per case.
// fail -> <failure>, inconclusive -> <error> (the check could not decide: "broken", not "failed"),
// not_applicable / manual / not_run -> <skipped>.
#include <sstream>
#include <string>

#include <fmt/core.h>
#include <pugixml.hpp>

#include "facecert/reports/redact.h"
#include "facecert/reports/summary.h"
#include "facecert/reports/writer.h"
#include "output_file.h"

namespace facecert::reports {
namespace {

using harness::Verdict;

// XML 1.0 forbids most control characters even when escaped; device text may carry them.
std::string xml_safe(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') c = '?';
  return out;
}

std::string seconds(double s) { return fmt::format("{:.3f}", s); }

void add_property(pugi::xml_node props, const char* name, const std::string& value) {
  auto p = props.append_child("property");
  p.append_attribute("name") = name;
  p.append_attribute("value") = xml_safe(value).c_str();
}

std::string system_out(const harness::CaseResult& c) {
  std::string out = fmt::format("verdict: {}\nreason: {}\nmeasurements: {}\n",
                                harness::to_string(c.verdict), c.reason,
                                c.measurements.dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace));
  out += "evidence:\n";
  for (const auto& e : c.evidence) out += fmt::format("  {} sha256:{} ({})\n", e.path, e.sha256, e.kind);
  return xml_safe(out);
}

void add_case(pugi::xml_node suite, const harness::CaseResult& c) {
  auto tc = suite.append_child("testcase");
  tc.append_attribute("classname") = xml_safe(c.clause).c_str();
  tc.append_attribute("name") = xml_safe(c.id + " " + c.title).c_str();
  tc.append_attribute("time") = seconds(c.duration_s).c_str();
  const std::string reason = xml_safe(c.reason);
  switch (c.verdict) {
    case Verdict::Pass:
      break;
    case Verdict::Fail: {
      auto f = tc.append_child("failure");
      f.append_attribute("message") = reason.c_str();
      f.append_attribute("type") = "fail";
      break;
    }
    case Verdict::Inconclusive: {
      auto e = tc.append_child("error");
      e.append_attribute("message") = reason.c_str();
      e.append_attribute("type") = "inconclusive";
      break;
    }
    case Verdict::NotApplicable:
    case Verdict::Manual:
    case Verdict::NotRun: {
      auto s = tc.append_child("skipped");
      const auto message = fmt::format("{}: {}", harness::to_string(c.verdict), reason);
      s.append_attribute("message") = message.c_str();
      break;
    }
  }
  tc.append_child("system-out").append_child(pugi::node_pcdata).set_value(system_out(c).c_str());
}

class JunitWriter final : public ReportWriter {
 public:
  std::string name() const override { return "junit"; }
  std::string file_name() const override { return "junit.xml"; }
  void write(const harness::RunRecord& run, const std::filesystem::path& out,
             const WriteOptions& options) const override {
    const harness::RunRecord& r = options.redact ? redact_run(run) : run;
    const RunSummary s = summarize(r);
    double total = 0.0;
    for (const auto& c : r.cases) total += c.duration_s;
    const int skipped = s.count(Verdict::NotApplicable) + s.count(Verdict::Manual) +
                        s.count(Verdict::NotRun);

    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("testsuites");
    root.append_attribute("name") = xml_safe(r.plan_title).c_str();
    auto suite = root.append_child("testsuite");
    for (auto node : {root, suite}) {
      node.append_attribute("tests") = s.decided_cases;
      node.append_attribute("failures") = s.count(Verdict::Fail);
      node.append_attribute("errors") = s.count(Verdict::Inconclusive);
      node.append_attribute("skipped") = skipped;
      node.append_attribute("time") = seconds(total).c_str();
    }
    suite.prepend_attribute("name") = xml_safe(r.plan_id).c_str();
    suite.append_attribute("timestamp") = xml_safe(r.started).c_str();
    auto props = suite.append_child("properties");
    add_property(props, "run_id", r.run_id);
    add_property(props, "facecert_version", r.facecert_version);
    add_property(props, "plan_version", r.plan_version);
    add_property(props, "regulation", r.regulation);
    add_property(props, "product_profile", r.product_profile);
    add_property(props, "device_driver", r.device_driver);
    add_property(props, "planned_cases", std::to_string(s.planned_cases));
    add_property(props, "overall", std::string(harness::to_string(s.overall)));
    for (const auto& c : r.cases) add_case(suite, c);

    std::ostringstream text;
    doc.save(text, "  ", pugi::format_indent, pugi::encoding_utf8);
    write_report_file(out, text.str());
  }
};

const ReportRegistration<JunitWriter> kRegistration;

}  // namespace
}  // namespace facecert::reports
