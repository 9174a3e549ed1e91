// facecert subcommands register themselves: one file per subcommand under harness/cli/.
//   static const facecert::cli::CommandRegistration reg{"plan", [](CLI::App& app) { ... }};
// `setup` adds the subcommand to `app` and sets its callback. A callback returns the process exit
// code: 0 nothing wrong found, 1 something found / a clause failed, 2 bad input or usage,
// 3 nothing failed but something was inconclusive.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace facecert::cli {

enum ExitCode { kOk = 0, kFound = 1, kBadInput = 2, kInconclusive = 3 };

using CommandSetup = std::function<void(CLI::App& app, int& exit_code)>;

struct CommandEntry {
  std::string name;
  int order;  // position in --help
  CommandSetup setup;
};

std::vector<CommandEntry>& command_table();

struct CommandRegistration {
  CommandRegistration(std::string name, int order, CommandSetup setup) {
    command_table().push_back({std::move(name), order, std::move(setup)});
  }
};

}  // namespace facecert::cli
