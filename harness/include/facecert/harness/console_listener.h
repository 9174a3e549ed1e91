// Prints the run as it happens: one line per case with its verdict, and a summary at the end.
#pragma once

#include <cstdio>

#include "facecert/harness/events.h"

namespace facecert::harness {

class ConsoleListener : public RunListener {
 public:
  explicit ConsoleListener(std::FILE* out = stdout, bool verbose = false)
      : out_(out), verbose_(verbose) {}
  void on_run_start(const RunRecord& run) override;
  void on_case_start(const PlanCase& c, int index, int total) override;
  void on_progress(const PlanCase& c, const std::string& message) override;
  void on_case_end(const CaseResult& r, int index, int total) override;
  void on_run_end(const RunRecord& run) override;

 private:
  std::FILE* out_;
  bool verbose_;
  bool colour_ = false;
};

}  // namespace facecert::harness
