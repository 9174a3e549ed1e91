// facecert run: a plan against a device profile, or against the built-in reference device.
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/console_listener.h"
#include "facecert/harness/evidence_encryption.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/plan.h"
#include "facecert/harness/refdev_process.h"
#include "facecert/harness/report_info.h"
#include "facecert/harness/runner.h"
#include "param_overrides.h"
#include "report_output.h"

namespace facecert::cli {
namespace {

struct RunArgs {
  std::string plan, profile, device, driver, out, filter, lang = "zh", json_out, junit_out, keys_dir;
  std::vector<std::string> params;
  std::string report_info;  // issue 8: docs/report-info.md
  std::vector<std::string> flaws;
  bool no_capture = false, verbose = false, no_redact = false, no_encrypt_evidence = false, no_pdf = false;
};

std::string default_run_dir(const std::string& plan_id) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return fmt::format("runs/{}-{}", plan_id, stamp);
}

void copy_out(const std::filesystem::path& from, const std::string& to) {
  if (to.empty()) return;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

int run(const RunArgs& a) {
  harness::Plan plan;
  try {
    plan = harness::load_plan(a.plan);
  } catch (const harness::PlanError& e) {
    for (const auto& i : e.issues()) fmt::print(stderr, "{}\n", i.text());
    return kBadInput;
  }
  nlohmann::json overrides;
  try {
    overrides = apply_param_overrides(plan, a.params);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "facecert run: {}\n", e.what());
    return kBadInput;
  }
  if (a.profile.empty() == a.device.empty()) {
    fmt::print(stderr, "facecert run: give either --profile FILE or --device refdev\n");
    return kBadInput;
  }
  if (!a.device.empty() && a.device != "refdev") {
    fmt::print(stderr, "facecert run: --device knows only 'refdev' (the built-in reference device)\n");
    return kBadInput;
  }
  if (!a.flaws.empty() && a.device.empty()) {
    fmt::print(stderr, "facecert run: --refdev-flaw goes with --device refdev\n");
    return kBadInput;
  }
  if (!a.driver.empty() && a.device.empty()) {
    fmt::print(stderr, "facecert run: --driver goes with --device refdev (a profile names its own driver)\n");
    return kBadInput;
  }

  nlohmann::json report_info;  // checked before the device is touched
  if (!a.report_info.empty()) {
    try {
      report_info = harness::load_report_info(a.report_info);
    } catch (const std::exception& e) {
      fmt::print(stderr, "facecert run: {}\n", e.what());
      return kBadInput;
    }
  }

  // The lab keys first: a bad keys folder stops the run before the device is touched.
  harness::LabKeys keys;
  try {
    keys = lab_keys_for_run(a.keys_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert run: lab keys: {}\n", e.what());
    return kBadInput;
  }

  const std::filesystem::path run_dir = a.out.empty() ? default_run_dir(plan.id) : a.out;
  std::error_code ec;
  std::filesystem::create_directories(run_dir / "evidence" / "run", ec);
  if (ec) {
    fmt::print(stderr, "{}: cannot create the run directory: {}\n", run_dir.string(), ec.message());
    return kBadInput;
  }
  std::filesystem::copy_file(a.plan, run_dir / "plan.xml",
                             std::filesystem::copy_options::overwrite_existing, ec);
  if (!overrides.empty()) {  // the plan as run = plan.xml + these
    std::ofstream(run_dir / "evidence" / "run" / "param-overrides.json") << overrides.dump(2) << '\n';
    for (const auto& o : overrides)
      fmt::print("parameter override: {} {} = {} (plan: {})\n", o.at("case").get<std::string>(),
                 o.at("param").get<std::string>(), o.at("to").get<std::string>(),
                 o.at("from").get<std::string>().empty() ? "default" : o.at("from").get<std::string>());
  }

  std::unique_ptr<harness::RefdevProcess> refdev;
  harness::DeviceProfile profile;
  try {
    if (!a.device.empty()) {
      harness::RefdevProcess::Options o;
      o.flaws = a.flaws;
      o.log_file = run_dir / "evidence" / "run" / "refdev.log";
      refdev = std::make_unique<harness::RefdevProcess>(o);
      profile = refdev->profile();
      if (!a.driver.empty()) harness::use_driver(profile, a.driver);
    } else {
      profile = harness::load_device_profile(a.profile);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert run: {}\n", e.what());
    return kBadInput;
  }

  harness::RunOptions options;
  options.run_dir = run_dir;
  options.filter = a.filter;
  options.capture = !a.no_capture;
  options.run_id = run_dir.filename().string();

  harness::ListenerSet listeners;
  listeners.add(std::make_shared<harness::ConsoleListener>(stdout, a.verbose));
  listeners.add(std::make_shared<harness::JournalWriter>(run_dir / "journal.sqlite"));
  harness::Runner runner(plan, profile, options, listeners);
  const harness::RunRecord record = runner.run();
  if (refdev) refdev->stop();
  if (!report_info.is_null()) harness::set_report_info(run_dir / "journal.sqlite", report_info);

  // Issue 8: raw evidence that can hold face data is encrypted at rest once every case ran (the
  // reports never read it); the manifest written with the reports then lists the encrypted files.
  bool encryption_failed = false;
  try {
    if (a.no_encrypt_evidence) {
      harness::record_evidence_left_clear(run_dir);
    } else {
      const auto enc = harness::encrypt_run_evidence(run_dir, keys);
      for (const auto& f : enc.files)
        fmt::print("evidence encrypted: {} (facecert evidence decrypt to read it)\n", f.encrypted);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert run: evidence encryption: {}\n", e.what());
    encryption_failed = true;  // raw face data may be left in clear: not a clean run
  }

  reports::WriteOptions wo;
  wo.lang = a.lang;
  wo.redact = !a.no_redact;
  std::vector<std::string> formats;  // empty: every registered writer
  if (a.no_pdf)  // the PDF takes seconds; `facecert report RUN_DIR --format pdf` makes it later
    for (const auto& name : reports::ReportRegistry::instance().names())
      if (name != "pdf") formats.push_back(name);
  const ReportFiles files = write_reports(run_dir, formats, wo, nullptr, &keys);
  for (const auto& err : files.errors) fmt::print(stderr, "facecert run: report: {}\n", err);
  for (const auto& [format, file] : files.written) {
    if (format == "json") copy_out(file, a.json_out);
    if (format == "junit") copy_out(file, a.junit_out);
  }
  fmt::print("run directory: {}\n", std::filesystem::absolute(run_dir).string());
  for (const auto& [format, file] : files.written)
    fmt::print("report ({}): {}\n", format, std::filesystem::absolute(file).string());
  if (encryption_failed) return kBadInput;
  return harness::exit_code_for(record);
}

}  // namespace

const CommandRegistration kRun{"run", 10, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "run a test plan against a device");
  cmd->add_option("--plan", args->plan, "test plan XML")->required()->check(CLI::ExistingFile);
  cmd->add_option("--profile", args->profile, "device profile XML")->check(CLI::ExistingFile);
  cmd->add_option("--device", args->device, "built-in device to start: refdev");
  cmd->add_option("--driver", args->driver,
                  "with --device refdev: drive it with this driver: refdev (default), isapi (ISAPI + "
                  "the refdev extension) or the path of an out-of-process driver program");
  cmd->add_option("--refdev-flaw", args->flaws, "seed a flaw in the reference device (repeatable)");
  cmd->add_option("--out", args->out, "run directory (default runs/<plan>-<time>)");
  cmd->add_option("--filter", args->filter, "run only cases whose id or clause matches this glob (or any of a comma-separated list)");
  cmd->add_option("--param", args->params,
                  "override a case parameter for this run: CASE_GLOB:NAME=VALUE (repeatable), "
                  "e.g. 'SH-6.1.4-*:per_species=25'");
  cmd->add_option("--lang", args->lang, "report language")->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--report-info", args->report_info, "report cover details (JSON, docs/report-info.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--json", args->json_out, "also write the JSON result here");
  cmd->add_option("--junit", args->junit_out, "also write the JUnit XML here");
  cmd->add_flag("--no-capture", args->no_capture, "do not capture the network");
  cmd->add_flag("--no-redact", args->no_redact, "do not mask identity data in reports");
  cmd->add_option("--keys", args->keys_dir,
                  "lab keys folder (default $FACECERT_KEYS or ~/.config/facecert/keys; made on first use)");
  cmd->add_flag("--no-pdf", args->no_pdf, "write every report but the PDF (quicker; `facecert report` makes it later)");
  cmd->add_flag("--no-encrypt-evidence", args->no_encrypt_evidence,
                "leave captures and dumps unencrypted (for labs whose disks are encrypted otherwise)");
  cmd->add_flag("-v,--verbose", args->verbose, "print progress within cases and full reasons");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}};

}  // namespace facecert::cli
