#include "probes/cli_run_support.h"

#include <sys/wait.h>

#include <cstdio>

namespace facecert::test {

CliRun run_facecert(const std::string& args) {
  CliRun r;
  FILE* p = popen((std::string(FACECERT_BIN) + " " + args + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace facecert::test
