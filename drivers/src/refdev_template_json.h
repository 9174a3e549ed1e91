// The reference device's template JSON (drivers/refdev/API.md, "Template protection") to and
// from FaceTemplate:
//   {"algorithm","dims","encoding":"bits","keyId","faceFeature":"<base64 of the packed bits>"}
//   {"algorithm","dims","encoding":"float32","keyId","faceFeature":[numbers]}
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "facecert/drivers/driver.h"

namespace facecert::drivers::refdev_json {

// Throws DriverError "<where>: ..." when a field is missing or does not fit.
FaceTemplate template_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json template_to_json(const FaceTemplate& t);

}  // namespace facecert::drivers::refdev_json
