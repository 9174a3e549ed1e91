// Runs the facecert binary with arguments through the shell, capturing stdout and stderr.
#pragma once

#include <string>

namespace facecert::test {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CliRun run_facecert(const std::string& args);

}  // namespace facecert::test
