#include "template_json.h"

#include <fmt/format.h>

#include "facecert/drivers/base64.h"
#include "request_error.h"

namespace facecert::refdev {

nlohmann::json to_json(const DeviceTemplate& t) {
  nlohmann::json j = {{"algorithm", t.algorithm}, {"dims", t.dims}, {"encoding", t.encoding},
                      {"keyId", t.key_id}};
  if (t.encoding == "float32")
    j["faceFeature"] = t.values;
  else
    j["faceFeature"] = drivers::base64::encode(t.bits);
  return j;
}

DeviceTemplate template_from_json(const nlohmann::json& j, const std::string& which) {
  const auto bad = [&](const char* field, const char* what) {
    return RequestError(400, "badParameters", fmt::format("template {}: '{}' {}", which, field, what));
  };
  if (!j.is_object()) throw RequestError(400, "badParameters", fmt::format("template {} is not an object", which));
  DeviceTemplate t;
  for (const char* key : {"algorithm", "encoding", "keyId"})
    if (!j.contains(key) || !j[key].is_string()) throw bad(key, "is missing or not text");
  if (!j.contains("dims") || !j["dims"].is_number_unsigned()) throw bad("dims", "is missing or not a count");
  t.algorithm = j["algorithm"].get<std::string>();
  t.encoding = j["encoding"].get<std::string>();
  t.key_id = j["keyId"].get<std::string>();
  t.dims = j["dims"].get<std::size_t>();
  const auto& feature = j.contains("faceFeature") ? j["faceFeature"] : nlohmann::json();
  if (t.encoding == "float32") {
    if (!feature.is_array()) throw bad("faceFeature", "is not an array of numbers");
    for (const auto& v : feature) {
      if (!v.is_number()) throw bad("faceFeature", "holds something that is not a number");
      t.values.push_back(v.get<float>());
    }
  } else {
    const auto bytes = feature.is_string() ? drivers::base64::decode(feature.get<std::string>()) : std::nullopt;
    if (!bytes) throw bad("faceFeature", "is not base64");
    t.bits = *bytes;
  }
  return t;
}

}  // namespace facecert::refdev
