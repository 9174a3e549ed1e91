// A device template as JSON, the same shape wherever it goes out or comes back in:
//   {"algorithm":"lbph-biohash1024","dims":1024,"encoding":"bits","keyId":"<id>",
//    "faceFeature":"<base64 of the packed bits>"}
//   {"algorithm":"lbph-rp512","dims":512,"encoding":"float32","keyId":"<id>","faceFeature":[...]}
#pragma once

#include <nlohmann/json.hpp>

#include "template_protection.h"

namespace facecert::refdev {

nlohmann::json to_json(const DeviceTemplate& t);
// Throws RequestError 400 badParameters naming `which` and the field.
DeviceTemplate template_from_json(const nlohmann::json& j, const std::string& which);

}  // namespace facecert::refdev
