#include "refdev_template_json.h"

#include <cstring>

#include <fmt/format.h>

#include "facecert/drivers/base64.h"

namespace facecert::drivers::refdev_json {
namespace {

using json = nlohmann::json;

std::vector<std::uint8_t> little_endian_bytes(const std::vector<float>& values) {
  static_assert(sizeof(float) == 4);
  std::vector<std::uint8_t> out;
  out.reserve(values.size() * 4);
  for (float v : values) {
    std::uint32_t u = 0;
    std::memcpy(&u, &v, 4);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
  }
  return out;
}

}  // namespace

FaceTemplate template_from_json(const json& j, const std::string& where) {
  const auto text = [&](const char* key) {
    if (!j.contains(key) || !j[key].is_string())
      throw DriverError(fmt::format("{}: template lacks the text '{}'", where, key));
    return j[key].get<std::string>();
  };
  FaceTemplate t;
  t.algorithm = text("algorithm");
  t.encoding = text("encoding");
  t.key_id = text("keyId");
  if (!j.contains("dims") || !j["dims"].is_number_unsigned())
    throw DriverError(fmt::format("{}: template lacks the count 'dims'", where));
  t.dims = j["dims"].get<std::size_t>();
  const json feature = j.contains("faceFeature") ? j["faceFeature"] : json();
  if (t.encoding == "float32") {
    if (!feature.is_array())
      throw DriverError(fmt::format("{}: faceFeature is not an array of numbers", where));
    for (const auto& v : feature) {
      if (!v.is_number())
        throw DriverError(fmt::format("{}: faceFeature holds a value that is not a number", where));
      t.values.push_back(v.get<float>());
    }
    if (t.values.size() != t.dims)
      throw DriverError(fmt::format("{}: faceFeature has {} values, dims says {}", where,
                                    t.values.size(), t.dims));
    t.bytes = little_endian_bytes(t.values);
  } else {
    const auto bytes =
        feature.is_string() ? base64::decode(feature.get<std::string>()) : std::nullopt;
    if (!bytes) throw DriverError(fmt::format("{}: faceFeature is not base64", where));
    t.bytes = *bytes;
    if (t.encoding == "bits" && t.bytes.size() * 8 != t.dims)
      throw DriverError(fmt::format("{}: faceFeature has {} bits, dims says {}", where,
                                    t.bytes.size() * 8, t.dims));
  }
  return t;
}

json template_to_json(const FaceTemplate& t) {
  json j = {{"algorithm", t.algorithm}, {"dims", t.dims}, {"encoding", t.encoding},
            {"keyId", t.key_id}};
  if (t.encoding == "float32")
    j["faceFeature"] = t.values;
  else
    j["faceFeature"] = base64::encode(t.bytes);
  return j;
}

}  // namespace facecert::drivers::refdev_json
