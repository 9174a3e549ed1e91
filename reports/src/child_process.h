// Runs a program as a child process (posix_spawnp: no shell, arguments passed as they are) with a
// time limit; what it prints on stderr is kept for the error message.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace facecert::reports {

struct ChildResult {
  bool started = false;   // false: the program was not found or could not be run
  bool timed_out = false; // killed after the time limit
  int exit_code = -1;     // when it exited by itself
  std::string stderr_text;  // its last few kB of stderr
};

// argv[0] is looked up on PATH. stdout goes to /dev/null, stderr to `log` (then read back).
ChildResult run_child(const std::vector<std::string>& argv, std::chrono::seconds limit,
                      const std::filesystem::path& log);

}  // namespace facecert::reports
