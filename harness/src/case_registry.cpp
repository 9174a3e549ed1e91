#include <stdexcept>

#include <fmt/format.h>

#include "facecert/harness/case_type.h"

namespace facecert::harness {

CaseTypeRegistry& CaseTypeRegistry::instance() {
  static CaseTypeRegistry registry;
  return registry;
}

void CaseTypeRegistry::add(CaseTypeInfo info) {
  const std::string name = info.name;
  types_.insert_or_assign(name, std::move(info));
}

const CaseTypeInfo* CaseTypeRegistry::find(const std::string& name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

std::vector<const CaseTypeInfo*> CaseTypeRegistry::all() const {
  std::vector<const CaseTypeInfo*> out;
  for (const auto& [name, info] : types_) out.push_back(&info);
  return out;
}

std::string CaseContext::param(const std::string& name) const {
  if (auto it = plan_case.params.find(name); it != plan_case.params.end()) return it->second;
  if (const auto* info = CaseTypeRegistry::instance().find(plan_case.type))
    for (const auto& p : info->params)
      if (p.name == name) return p.default_value;
  return {};
}

int CaseContext::param_int(const std::string& name) const {
  const std::string v = param(name);
  try {
    std::size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size()) return n;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(fmt::format("parameter '{}' of case {} is not an integer: '{}'", name,
                                          plan_case.id, v));
}

double CaseContext::param_double(const std::string& name) const {
  const std::string v = param(name);
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(
      fmt::format("parameter '{}' of case {} is not a number: '{}'", name, plan_case.id, v));
}

bool CaseContext::param_bool(const std::string& name) const {
  const std::string v = param(name);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  throw std::invalid_argument(
      fmt::format("parameter '{}' of case {} is not true/false: '{}'", name, plan_case.id, v));
}

}  // namespace facecert::harness
