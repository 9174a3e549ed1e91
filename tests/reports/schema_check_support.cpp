// A small structural JSON Schema checker for the tests (the keywords result.schema.json uses).
#include <fmt/core.h>

#include "reports/sample_run.h"

namespace facecert::reports::testing {
namespace {

using nlohmann::json;

bool has_type(const json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  return false;
}

void check(const json& root, const json& schema, const json& v, const std::string& at,
           std::vector<std::string>& errors) {
  if (schema.contains("$ref")) {
    const auto ref = schema["$ref"].get<std::string>();  // only "#/..." pointers
    check(root, root.at(json::json_pointer(ref.substr(1))), v, at, errors);
  }
  if (schema.contains("type")) {
    const auto& t = schema["type"];
    bool ok = false;
    if (t.is_string()) ok = has_type(v, t.get<std::string>());
    for (const auto& one : t.is_array() ? t : json::array()) ok = ok || has_type(v, one.get<std::string>());
    if (!ok) {
      errors.push_back(fmt::format("{}: not of type {}", at, t.dump()));
      return;
    }
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& e : schema["enum"]) found = found || e == v;
    if (!found) errors.push_back(fmt::format("{}: {} not in enum", at, v.dump()));
  }
  if (schema.contains("const") && schema["const"] != v)
    errors.push_back(fmt::format("{}: {} is not {}", at, v.dump(), schema["const"].dump()));
  if (schema.contains("minimum") && v.is_number() && v.get<double>() < schema["minimum"].get<double>())
    errors.push_back(fmt::format("{}: below minimum", at));
  if (v.is_object()) {
    for (const auto& r : schema.value("required", json::array()))
      if (!v.contains(r.get<std::string>()))
        errors.push_back(fmt::format("{}: missing required {}", at, r.get<std::string>()));
    const json props = schema.value("properties", json::object());
    for (const auto& [k, item] : v.items()) {
      if (props.contains(k))
        check(root, props[k], item, at + "/" + k, errors);
      else if (schema.contains("additionalProperties")) {
        const auto& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>())
          errors.push_back(fmt::format("{}: unexpected property {}", at, k));
        else if (extra.is_object())
          check(root, extra, item, at + "/" + k, errors);
      }
    }
  }
  if (v.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < v.size(); ++i)
      check(root, schema["items"], v[i], fmt::format("{}/{}", at, i), errors);
}

}  // namespace

std::vector<std::string> schema_violations(const json& schema, const json& value) {
  std::vector<std::string> errors;
  check(schema, schema, value, "", errors);
  return errors;
}

}  // namespace facecert::reports::testing
