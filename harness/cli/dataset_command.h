// `facecert dataset ...`: the subcommands on spoof data sets live in several files (validate,
// stats and import in dataset_command.cpp; others, e.g. generate, in their own files). Each file's
// CommandRegistration calls dataset_app(app) and adds its subcommand to what it returns:
//   const CommandRegistration kGenerate{"dataset-generate", 71, [](CLI::App& app, int& exit_code) {
//     auto* cmd = dataset_app(app).add_subcommand("generate", "...");
//     ...
//   }};
#pragma once

namespace CLI {
class App;
}

namespace facecert::cli {

// The `dataset` subcommand of `root`, created (requiring one subcommand) on the first call.
CLI::App& dataset_app(CLI::App& root);

}  // namespace facecert::cli
