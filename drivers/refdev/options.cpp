#include "options.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "flaws.h"

namespace facecert::refdev {

std::string load_password(const std::filesystem::path& file) {
  if (file.empty()) {
    const char* env = std::getenv("FACECERT_REFDEV_PASSWORD");
    if (!env || !*env)
      throw std::invalid_argument(
          "no password: set FACECERT_REFDEV_PASSWORD or pass --password-file");
    return env;
  }
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw std::invalid_argument(fmt::format("{}: cannot read the password file", file.string()));
  if ((st.st_mode & 077) != 0)
    throw std::invalid_argument(fmt::format(
        "{}: password file mode is {:04o}, must be 0600 or stricter", file.string(),
        st.st_mode & 0777));
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string pw = ss.str();
  while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
  if (!in || pw.empty())
    throw std::invalid_argument(fmt::format("{}: empty or unreadable password file",
                                            file.string()));
  return pw;
}

ParsedOptions parse_options(int argc, char** argv) {
  CLI::App app{"facecert-refdev: the reference face-recognition device (simulated product)"};
  Config cfg;
  std::filesystem::path password_file;
  bool list_flaws = false;
  app.add_option("--data-dir", cfg.data_dir, "where the device keeps its data");
  app.add_option("--listen", cfg.listen, "address to listen on")->capture_default_str();
  app.add_option("--port", cfg.port, "TCP port, 0 for an ephemeral one")->capture_default_str();
  app.add_option("--user", cfg.user, "admin user name")->capture_default_str();
  app.add_option("--password-file", password_file,
                 "file holding the password (mode 0600); else $FACECERT_REFDEV_PASSWORD");
  app.add_option("--cert", cfg.cert, "PEM certificate (default: self-signed in DATA/tls/)");
  app.add_option("--key", cfg.key, "PEM private key for --cert");
  app.add_option("--flaw", cfg.flaws, "seed a flaw (repeatable; see --list-flaws)");
  app.add_option("--heartbeat-s", cfg.heartbeat_s,
                 "seconds between alertStream heartbeats")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_flag("--list-flaws", list_flaws, "list the seedable flaws and exit");

  const auto& registry = FlawRegistry::instance();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    std::cout << app.help();
    return {std::nullopt, 0};
  } catch (const CLI::ParseError& e) {
    std::cerr << fmt::format("facecert-refdev: {} (known flaws: {})\n", e.what(),
                             registry.names());
    return {std::nullopt, 2};
  }
  if (list_flaws) {
    for (const auto& f : registry.all()) std::cout << fmt::format("{:<16} {}\n", f.name, f.description);
    return {std::nullopt, 0};
  }
  const auto fail = [&](const std::string& msg) {
    std::cerr << "facecert-refdev: " << msg << "\n";
    return ParsedOptions{std::nullopt, 2};
  };
  if (cfg.data_dir.empty()) return fail("--data-dir is required");
  if (cfg.cert.empty() != cfg.key.empty()) return fail("--cert and --key go together");
  for (const auto& name : cfg.flaws) {
    const Flaw* f = registry.find(name);
    if (!f) return fail(fmt::format("unknown flaw '{}' (known flaws: {})", name, registry.names()));
    f->apply(cfg.policy);
  }
  try {
    cfg.password = load_password(password_file);
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  return {std::move(cfg), 0};
}

}  // namespace facecert::refdev
