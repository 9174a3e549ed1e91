// facecert: one executable, subcommands registered by the files beside this one.
#include <algorithm>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"

namespace facecert::cli {
std::vector<CommandEntry>& command_table() {
  static std::vector<CommandEntry> table;
  return table;
}
}  // namespace facecert::cli

int main(int argc, char** argv) {
  using namespace facecert::cli;
  CLI::App app{"facecert: compliance tests for face-recognition security products "
               "(沪公技防〔2021〕5号)"};
  app.set_version_flag("--version", std::string("facecert ") + FACECERT_VERSION);
  app.require_subcommand(1);
  int exit_code = kOk;
  auto& table = command_table();
  std::sort(table.begin(), table.end(),
            [](const CommandEntry& a, const CommandEntry& b) { return a.order < b.order; });
  for (auto& entry : table) entry.setup(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kBadInput;
  } catch (const std::exception& e) {
    // Anything that escapes a command is a bad input or an environment problem: one line, exit 2.
    fmt::print(stderr, "facecert: {}\n", e.what());
    return kBadInput;
  }
  return exit_code;
}
