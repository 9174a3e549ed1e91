#include "request_body.h"

#include <fmt/format.h>

#include "request_error.h"

namespace facecert::refdev {
namespace multipart = drivers::multipart;

std::vector<multipart::Part> parts_of(const ApiRequest& req) {
  const auto boundary = multipart::boundary_of(req.content_type);
  if (!boundary)
    throw RequestError(400, "badContentType", "expected multipart/form-data with a boundary");
  try {
    return multipart::decode(req.body, *boundary);
  } catch (const std::invalid_argument& e) {
    throw RequestError(400, "badMultipart", e.what());
  }
}

const multipart::Part& required(const std::vector<multipart::Part>& parts, const char* name) {
  const auto* p = multipart::find(parts, name);
  if (!p) throw RequestError(400, "badParameters", fmt::format("missing part '{}'", name));
  return *p;
}

nlohmann::json json_body(const std::string& text) {
  auto j = nlohmann::json::parse(text.empty() ? "{}" : text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw RequestError(400, "badJsonContent", "body is not a JSON object");
  return j;
}

}  // namespace facecert::refdev
