#include "facecert/harness/console_listener.h"

#include <unistd.h>

#include <map>

#include <fmt/format.h>

namespace facecert::harness {
namespace {

const char* colour_of(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "\033[32m";
    case Verdict::Fail: return "\033[31m";
    case Verdict::Inconclusive: return "\033[33m";
    default: return "\033[36m";
  }
}

std::string shorten(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return s.substr(0, cut) + "...";
}

}  // namespace

void ConsoleListener::on_run_start(const RunRecord& run) {
  colour_ = ::isatty(::fileno(out_)) != 0;
  fmt::print(out_, "facecert {}: plan {} {} ({}), device {} at {}, {} case(s)\n",
             run.facecert_version, run.plan_id, run.plan_version, run.regulation, run.device_driver,
             run.device_url, run.planned_cases);
  if (run.device_info.contains("error"))
    fmt::print(out_, "  device info unavailable: {}\n", run.device_info["error"].get<std::string>());
  else if (run.device_info.contains("model"))
    fmt::print(out_, "  device: {} {} firmware {} serial {}\n",
               run.device_info.value("maker", ""), run.device_info.value("model", ""),
               run.device_info.value("firmware", ""), run.device_info.value("serial", ""));
  std::fflush(out_);
}

void ConsoleListener::on_case_start(const PlanCase& c, int index, int total) {
  if (verbose_) fmt::print(out_, "[{}/{}] {} {} ...\n", index + 1, total, c.id, c.clause);
  std::fflush(out_);
}

void ConsoleListener::on_progress(const PlanCase& c, const std::string& message) {
  if (verbose_) fmt::print(out_, "      {}: {}\n", c.id, message);
}

void ConsoleListener::on_case_end(const CaseResult& r, int index, int total) {
  const std::string verdict(to_string(r.verdict));
  fmt::print(out_, "[{:>2}/{}] {:<14} {:<20} {}{:<14}{} {:5.1f}s  {}\n", index + 1, total, r.id,
             r.clause, colour_ ? colour_of(r.verdict) : "", verdict, colour_ ? "\033[0m" : "",
             r.duration_s, shorten(r.reason, verbose_ ? 2000 : 110));
  std::fflush(out_);
}

void ConsoleListener::on_run_end(const RunRecord& run) {
  std::map<Verdict, int> counts;
  for (const auto& c : run.cases) counts[c.verdict]++;
  std::string line;
  for (auto v : {Verdict::Pass, Verdict::Fail, Verdict::Inconclusive, Verdict::NotApplicable,
                 Verdict::Manual, Verdict::NotRun})
    line += fmt::format("{}{} {}", line.empty() ? "" : ", ", counts[v], to_string(v));
  fmt::print(out_, "summary: {}\n", line);
  std::fflush(out_);
}

}  // namespace facecert::harness
