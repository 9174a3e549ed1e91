// Results flow from the runner as events to independent listeners (console, journal, ...), as in
// GoogleTest's TestEventListener. A listener never changes a verdict.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "facecert/harness/plan.h"
#include "facecert/harness/result.h"

namespace facecert::harness {

class RunListener {
 public:
  virtual ~RunListener() = default;
  // `run` carries the header (plan, device, start time); cases are empty.
  virtual void on_run_start(const RunRecord& /*run*/) {}
  virtual void on_case_start(const PlanCase& /*c*/, int /*index*/, int /*total*/) {}
  virtual void on_progress(const PlanCase& /*c*/, const std::string& /*message*/) {}
  virtual void on_case_end(const CaseResult& /*result*/, int /*index*/, int /*total*/) {}
  // `run` carries every decided case and the finish time.
  virtual void on_run_end(const RunRecord& /*run*/) {}
};

// Fans each event out to every listener in order.
class ListenerSet : public RunListener {
 public:
  void add(std::shared_ptr<RunListener> l) { listeners_.push_back(std::move(l)); }
  void on_run_start(const RunRecord& run) override {
    for (auto& l : listeners_) l->on_run_start(run);
  }
  void on_case_start(const PlanCase& c, int i, int n) override {
    for (auto& l : listeners_) l->on_case_start(c, i, n);
  }
  void on_progress(const PlanCase& c, const std::string& m) override {
    for (auto& l : listeners_) l->on_progress(c, m);
  }
  void on_case_end(const CaseResult& r, int i, int n) override {
    for (auto& l : listeners_) l->on_case_end(r, i, n);
  }
  void on_run_end(const RunRecord& run) override {
    for (auto& l : listeners_) l->on_run_end(run);
  }

 private:
  std::vector<std::shared_ptr<RunListener>> listeners_;
};

}  // namespace facecert::harness
