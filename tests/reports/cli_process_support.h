// Runs the real facecert binary (FACECERT_BIN) with arguments, capturing stdout and stderr together.
#pragma once

#include <string>
#include <vector>

namespace facecert::reports::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout then stderr, interleaved as written
};

CliResult run_facecert(const std::vector<std::string>& args);

}  // namespace facecert::reports::testing
