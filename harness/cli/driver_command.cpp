// facecert driver list|validate: the drivers facecert knows, and the checklist a vendor runs on an
// out-of-process driver before a campaign (docs/driver-protocol.md).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/drivers/isapi_alert_stream.h"
#include "facecert/drivers/registry.h"
#include "facecert/harness/cli_command.h"
#include "facecert/harness/driver_validation.h"
#include "facecert/harness/duration.h"
#include "facecert/harness/refdev_process.h"

namespace facecert::cli {
namespace {

struct DriverArgs {
  std::string profile, device, driver, json_out, work, duration = "30s";
  std::size_t max_events = 0;
};

// The ISAPI event push of a terminal (GET /ISAPI/Event/notification/alertStream) for a while:
// what it decided, as the inspector presents faces by hand.
int events(const DriverArgs& a) {
  const auto duration = harness::parse_duration(a.duration);
  if (!duration) {
    fmt::print(stderr, "facecert driver events: --duration '{}' is not a duration (e.g. 30s, 5m)\n", a.duration);
    return kBadInput;
  }
  harness::DeviceProfile profile;
  try {
    profile = harness::load_device_profile(a.profile);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert driver events: {}\n", e.what());
    return kBadInput;
  }
  drivers::AlertStreamClient client({profile.url, profile.user, profile.password, profile.ca_file,
                                     std::chrono::milliseconds(profile.request_timeout_ms)});
  drivers::AlertCollection got;
  try {
    fmt::print("listening to {}/ISAPI/Event/notification/alertStream for {}\n", profile.url, a.duration);
    std::fflush(stdout);
    got = client.collect(*duration, a.max_events);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert driver events: {}\n", e.what());
    return kBadInput;
  }
  nlohmann::json out = {{"url", profile.url}, {"ended", got.ended}, {"heartbeats", got.heartbeats.size()},
                        {"events", nlohmann::json::array()}};
  for (const auto& e : got.events) {
    nlohmann::json j = {{"event_type", e.event_type}, {"date_time", e.date_time}, {"major", e.major},
                        {"minor", e.minor}, {"employee_no", e.employee_no}};
    if (e.recognition) {
      j["decision"] = std::string(to_string(e.recognition->decision));
      j["score"] = e.recognition->score;
    }
    fmt::print("{} {} major {} minor {} person '{}'{}\n", e.date_time, e.event_type, e.major, e.minor, e.employee_no,
               e.recognition ? fmt::format(" -> {}", to_string(e.recognition->decision)) : std::string());
    out["events"].push_back(std::move(j));
  }
  fmt::print("{} event(s), {} heartbeat(s); ended: {}\n", got.events.size(), got.heartbeats.size(), got.ended);
  if (!a.json_out.empty()) std::ofstream(a.json_out) << out.dump(2) << '\n';
  return kOk;
}

int list_drivers() {
  for (const auto& name : drivers::DriverRegistry::instance().names())
    fmt::print("{:<10} {}\n", name, drivers::DriverRegistry::instance().find(name)->description);
  return kOk;
}

int validate(const DriverArgs& a) {
  if (a.profile.empty() == a.device.empty()) {
    fmt::print(stderr, "facecert driver validate: give either --profile FILE or --device refdev --driver PROGRAM\n");
    return kBadInput;
  }
  if (!a.device.empty() && (a.device != "refdev" || a.driver.empty())) {
    fmt::print(stderr, "facecert driver validate: --device knows only 'refdev', and needs --driver PROGRAM\n");
    return kBadInput;
  }
  std::unique_ptr<harness::RefdevProcess> refdev;
  harness::DeviceProfile profile;
  try {
    if (!a.device.empty()) {
      refdev = std::make_unique<harness::RefdevProcess>(harness::RefdevProcess::Options{});
      profile = refdev->profile();
      harness::use_driver(profile, a.driver);
    } else {
      profile = harness::load_device_profile(a.profile);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert driver validate: {}\n", e.what());
    return kBadInput;
  }
  if (profile.driver != "process") {
    fmt::print(stderr, "facecert driver validate: {} names the built-in driver '{}'; validate checks out-of-process "
                       "drivers (<driver exec=\"...\">)\n", a.profile.empty() ? "--driver" : a.profile, profile.driver);
    return kBadInput;
  }
  const std::filesystem::path work =
      a.work.empty() ? std::filesystem::temp_directory_path() / fmt::format("facecert-validate-{}", ::getpid())
                     : std::filesystem::path(a.work);
  fmt::print("validating {} against {}\n", profile.driver_exec.string(), profile.url);
  const auto v = harness::validate_driver(profile, work, [](const harness::ValidationItem& i) {
    fmt::print("[{:^7}] {:<34} {:>8.1f} ms  {}\n", to_string(i.status), i.id, i.ms, i.title);
    if (i.status == harness::ValidationItem::Status::Fail && !i.detail.empty()) fmt::print("          {}\n", i.detail);
  });
  std::error_code ec;
  if (a.work.empty()) std::filesystem::remove_all(work, ec);
  if (refdev) refdev->stop();
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& i : v.items)
    (i.status == harness::ValidationItem::Status::Pass ? passed : i.status == harness::ValidationItem::Status::Fail ? failed : skipped)++;
  fmt::print("{}: {} passed, {} failed, {} skipped\n", v.passed() ? "driver OK" : "driver NOT OK", passed, failed, skipped);
  if (!a.json_out.empty()) {
    std::ofstream out(a.json_out);
    out << v.to_json().dump(2) << '\n';
    if (!out) {
      fmt::print(stderr, "{}: cannot write the JSON result\n", a.json_out);
      return kBadInput;
    }
  }
  return v.passed() ? kOk : kFound;
}

}  // namespace

const CommandRegistration kDriver{"driver", 50, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DriverArgs>();
  CLI::App* drv = app.add_subcommand("driver", "device drivers: list the built-in ones, check an out-of-process one");
  drv->require_subcommand(1);
  drv->add_subcommand("list", "the registered drivers")->callback([&exit_code] { exit_code = list_drivers(); });
  CLI::App* v = drv->add_subcommand("validate", "run the checklist of docs/driver-protocol.md on a driver program");
  v->add_option("--profile", args->profile, "device profile naming the driver (<driver exec=...>)")->check(CLI::ExistingFile);
  v->add_option("--device", args->device, "or: the built-in reference device (refdev), with --driver");
  v->add_option("--driver", args->driver, "with --device refdev: the driver program to check");
  v->add_option("--json", args->json_out, "also write the checklist as JSON here");
  v->add_option("--work", args->work, "working folder (default: a temporary one, removed afterwards)");
  v->callback([args, &exit_code] { exit_code = validate(*args); });
  CLI::App* ev = drv->add_subcommand("events", "watch an ISAPI terminal's event push (alertStream) for a while");
  ev->add_option("--profile", args->profile, "device profile (endpoint and credentials)")->required()->check(CLI::ExistingFile);
  ev->add_option("--duration", args->duration, "how long to listen (default 30s)");
  ev->add_option("--max-events", args->max_events, "stop after this many events (0: no limit)");
  ev->add_option("--json", args->json_out, "also write the events as JSON here");
  ev->callback([args, &exit_code] { exit_code = events(*args); });
}};

}  // namespace facecert::cli
