// Reading request bodies: JSON objects and multipart/form-data parts, refusing bad ones with
// RequestError 400.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/multipart.h"
#include "router.h"

namespace facecert::refdev {

std::vector<drivers::multipart::Part> parts_of(const ApiRequest& req);
const drivers::multipart::Part& required(const std::vector<drivers::multipart::Part>& parts,
                                         const char* name);
nlohmann::json json_body(const std::string& text);  // empty text -> {}

}  // namespace facecert::refdev
