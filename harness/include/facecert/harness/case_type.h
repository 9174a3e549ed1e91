// Test-case types: the checks a plan can name. Each type lives in one file under harness/cases/
// and registers itself by name with a descriptor (summary, parameters with defaults, driver
// capabilities it needs, whether it needs the network capture) and a run function. The plan
// validator checks plans against the descriptors before any device is touched.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/driver.h"
#include "facecert/harness/plan.h"
#include "facecert/harness/result.h"
#include "facecert/harness/verdict.h"

namespace facecert::probes {
class LiveCapture;
}

namespace facecert::harness {

class EvidenceStore;
struct DeviceProfile;
struct RunState;

struct ParamSpec {
  std::string name;
  std::string default_value;  // empty with required=false: optional, no default
  std::string help;
  bool required = false;
};

// A check's outcome is a value: verdict, why, what was measured, and the evidence.
struct CaseOutcome {
  Verdict verdict = Verdict::Inconclusive;
  std::string reason;
  nlohmann::json measurements = nlohmann::json::object();
  std::vector<EvidenceRef> evidence;
};

// Everything a case may use while it runs.
struct CaseContext {
  const PlanCase& plan_case;
  const DeviceProfile& profile;
  drivers::Driver* driver;          // null when no device is attached
  probes::LiveCapture* capture;     // null when the run has no capture
  EvidenceStore& evidence;
  RunState& state;
  std::stop_token stop;             // set when the case's timeout has passed
  std::function<void(const std::string&)> progress;

  // The parameter as written in the plan, else the type's default.
  std::string param(const std::string& name) const;
  int param_int(const std::string& name) const;      // throws std::invalid_argument naming it
  double param_double(const std::string& name) const;
  bool param_bool(const std::string& name) const;
};

using CaseRun = std::function<CaseOutcome(CaseContext&)>;

struct CaseTypeInfo {
  std::string name;     // e.g. transport.face-data-encrypted
  std::string summary;  // one line
  std::vector<ParamSpec> params;
  std::vector<drivers::Capability> requires_caps;
  bool needs_device = true;
  bool needs_capture = false;
  CaseRun run;
};

class CaseTypeRegistry {
 public:
  static CaseTypeRegistry& instance();
  void add(CaseTypeInfo info);
  const CaseTypeInfo* find(const std::string& name) const;
  std::vector<const CaseTypeInfo*> all() const;  // sorted by name

 private:
  std::map<std::string, CaseTypeInfo> types_;
};

struct CaseTypeRegistration {
  explicit CaseTypeRegistration(CaseTypeInfo info) {
    CaseTypeRegistry::instance().add(std::move(info));
  }
};

}  // namespace facecert::harness
