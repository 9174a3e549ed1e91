// `facecert viid serve [--listen ADDR] [--port N] [--plain-http] [--cert F --key F] [--user U]
// [--password-env VAR] [--duration 60s] [--json OUT]`: run the GA/T 1400 view-library receiver
// (docs/viid-receiver.md) until the duration ends or SIGINT/SIGTERM, print registrations, pushes
// and problems as they come, then a summary per device and the 6.2.2 de-duplication figures.
// Exit: 0 every push well formed, 1 a problem was found, 2 bad usage (or the server cannot start).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/drivers/viid_receiver.h"
#include "facecert/harness/cli_command.h"
#include "facecert/harness/duration.h"

namespace facecert::cli {
namespace {

constexpr const char* kDefaultPasswordEnv = "FACECERT_VIID_PASSWORD";

struct ViidArgs {
  std::string listen = "127.0.0.1", cert, key, user = "viid", password_env, duration, json_out;
  int port = 0;
  bool plain_http = false;
};

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop = true; }

void print_summary(const drivers::ViidSummary& s) {
  fmt::print("summary: {} request(s), {} push(es), {} well formed, {} problem(s)\n", s.requests, s.pushes,
             s.well_formed_pushes, s.problems.size());
  for (const auto& [id, d] : s.devices)
    fmt::print("  device {}: {}registered, {} registration(s), {} keepalive(s), {} face(s), {} image(s), "
               "{} refused push(es), {} problem(s)\n",
               id, d.registered ? "" : "not ", d.registrations, d.keepalives, d.faces.size(), d.images.size(),
               d.refused_pushes, d.problems.size());
  fmt::print("  6.2.2: {} appearance(s), at most {} face image(s) per appearance (mean {:.2f}); "
             "at most {} push(es) in one second (mean {:.2f}/s)\n",
             s.dedup.appearances.size(), s.dedup.max_face_images_per_appearance,
             s.dedup.mean_face_images_per_appearance, s.dedup.max_pushes_in_one_second,
             s.dedup.mean_pushes_per_second);
  for (const auto& p : s.problems) fmt::print("  problem ({}): {}\n", p.request, p.text());
}

int serve(const ViidArgs& a) {
  std::optional<std::chrono::milliseconds> duration;
  if (!a.duration.empty() && !(duration = harness::parse_duration(a.duration))) {
    fmt::print(stderr, "facecert viid serve: --duration `{}` is not a duration (e.g. 60s, 5m)\n", a.duration);
    return kBadInput;
  }
  if (a.plain_http && (!a.cert.empty() || !a.key.empty())) {
    fmt::print(stderr, "facecert viid serve: --plain-http takes no --cert/--key\n");
    return kBadInput;
  }
  drivers::ViidOptions o;
  o.listen = a.listen;
  o.port = static_cast<unsigned short>(a.port);
  o.tls = !a.plain_http;
  o.cert_file = a.cert;
  o.key_file = a.key;
  o.user = a.user;
  const std::string env = a.password_env.empty() ? kDefaultPasswordEnv : a.password_env;
  const char* password = std::getenv(env.c_str());
  if (password && *password) {
    o.password = password;
  } else if (!a.password_env.empty()) {
    fmt::print(stderr, "facecert viid serve: --password-env {}: the variable is not set\n", env);
    return kBadInput;
  } else {
    fmt::print(stderr, "facecert viid serve: {} not set: registration is accepted without Digest\n", env);
  }
  o.on_event = [](const std::string& line) { fmt::print("{}\n", line); std::fflush(stdout); };
  drivers::ViidReceiver receiver(o);
  try {
    receiver.start();
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert viid serve: {}\n", e.what());
    return kBadInput;
  }
  fmt::print("facecert viid listening on {}\n", receiver.url());
  std::fflush(stdout);
  g_stop = false;
  auto previous_int = std::signal(SIGINT, on_stop_signal);
  auto previous_term = std::signal(SIGTERM, on_stop_signal);
  const auto until = duration ? std::chrono::steady_clock::now() + *duration : std::chrono::steady_clock::time_point::max();
  while (!g_stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  receiver.stop();
  const auto summary = receiver.snapshot();
  print_summary(summary);
  if (!a.json_out.empty()) {
    std::ofstream out(a.json_out);
    out << summary.to_json().dump(2) << '\n';
    if (!out) {
      fmt::print(stderr, "facecert viid serve: {}: cannot write the JSON summary\n", a.json_out);
      return kBadInput;
    }
  }
  if (summary.pushes == 0) fmt::print("nothing was pushed\n");
  return summary.problems.empty() ? kOk : kFound;
}

const CommandRegistration kRegistration{
    "viid", 62, [](CLI::App& app, int& exit_code) {
      auto args = std::make_shared<ViidArgs>();
      auto* viid = app.add_subcommand("viid", "GA/T 1400 view library (视图库) that devices push faces to (6.2.2)");
      viid->require_subcommand(1);
      auto* cmd = viid->add_subcommand(
          "serve", "receive registrations and face/image pushes, validate them: exit 0 all well formed, "
                   "1 a problem found, 2 bad usage");
      cmd->add_option("--listen", args->listen, "address to listen on (default 127.0.0.1)");
      cmd->add_option("--port", args->port, "port (0: ephemeral)")->check(CLI::Range(0, 65535));
      cmd->add_flag("--plain-http", args->plain_http, "plain HTTP instead of HTTPS");
      cmd->add_option("--cert", args->cert, "server certificate (PEM); default: self-signed, made at start")
          ->check(CLI::ExistingFile);
      cmd->add_option("--key", args->key, "private key of --cert (PEM)")->check(CLI::ExistingFile);
      cmd->add_option("--user", args->user, "Digest user devices register with (default viid)");
      cmd->add_option("--password-env", args->password_env,
                      fmt::format("environment variable holding the Digest password (default {})", kDefaultPasswordEnv));
      cmd->add_option("--duration", args->duration, "stop after this long (60s, 5m); default: until Ctrl-C");
      cmd->add_option("--json", args->json_out, "write the summary as JSON to this file");
      cmd->callback([args, &exit_code] { exit_code = serve(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
