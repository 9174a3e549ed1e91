#include "param_overrides.h"

#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "facecert/harness/case_type.h"

namespace facecert::cli {

nlohmann::json apply_param_overrides(harness::Plan& plan, const std::vector<std::string>& overrides) {
  nlohmann::json applied = nlohmann::json::array();
  for (const auto& o : overrides) {
    const auto colon = o.find(':');
    const auto eq = o.find('=', colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || eq == std::string::npos || colon == 0 || eq == colon + 1)
      throw std::invalid_argument(fmt::format("--param '{}': expected CASE_GLOB:NAME=VALUE", o));
    const std::string glob = o.substr(0, colon), name = o.substr(colon + 1, eq - colon - 1), value = o.substr(eq + 1);
    int matched = 0;
    for (auto& c : plan.cases) {
      if (fnmatch(glob.c_str(), c.id.c_str(), 0) != 0 && fnmatch(glob.c_str(), c.clause.c_str(), 0) != 0) continue;
      const auto* type = harness::CaseTypeRegistry::instance().find(c.type);
      const bool known = type && std::any_of(type->params.begin(), type->params.end(),
                                             [&](const harness::ParamSpec& p) { return p.name == name; });
      if (!known)
        throw std::invalid_argument(fmt::format("--param '{}': case {} (type {}) has no parameter '{}'", o, c.id,
                                                c.type, name));
      applied.push_back({{"case", c.id}, {"param", name}, {"from", c.params.count(name) ? c.params[name] : ""},
                         {"to", value}});
      c.params[name] = value;
      ++matched;
    }
    if (matched == 0) throw std::invalid_argument(fmt::format("--param '{}': no case id or clause matches '{}'", o, glob));
  }
  return applied;
}

}  // namespace facecert::cli
