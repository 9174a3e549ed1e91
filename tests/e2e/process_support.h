// Running the real binaries from tests: capture stdout/stderr and the exit code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace facecert::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs argv[0] with the arguments; waits at most `timeout_s` (then kills it, exit_code -9).
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_s = 300);

// A fresh directory under /tmp, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  std::filesystem::path path;
};

std::string slurp(const std::filesystem::path& file);

}  // namespace facecert::testing
