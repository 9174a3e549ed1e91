#include "router.h"

#include <cctype>

#include <fmt/format.h>

#include "device.h"
#include "digest_guard.h"
#include "request_error.h"

namespace facecert::refdev {

ApiReply json_reply(const nlohmann::json& j, int status) {
  return {status, "application/json", j.dump(), {}, nullptr};
}

ApiReply xml_reply(std::string xml, int status) {
  return {status, "application/xml", std::move(xml), {}, nullptr};
}

nlohmann::json ok_status() {
  return {{"statusCode", 1}, {"statusString", "OK"}, {"subStatusCode", "ok"}};
}

ApiReply error_reply(int status, const std::string& sub_status, const std::string& message) {
  const int code = status == 401 ? 4 : status == 404 ? 4 : status >= 500 ? 3 : 6;
  const char* text = status == 401   ? "Unauthorized"
                     : status >= 500 ? "Device Error"
                     : status == 404 ? "Invalid Operation"
                                     : "Invalid Content";
  return json_reply({{"statusCode", code},
                     {"statusString", text},
                     {"subStatusCode", sub_status},
                     {"errorMsg", message}},
                    status);
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    const std::string item = query.substr(pos, amp - pos);
    const std::size_t eq = item.find('=');
    std::string value = eq == std::string::npos ? "" : item.substr(eq + 1), decoded;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '%' && i + 2 < value.size() &&
          std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
        decoded += static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += value[i] == '+' ? ' ' : value[i];
      }
    }
    out[item.substr(0, eq)] = decoded;
    pos = amp + 1;
  }
  return out;
}

void Router::add(std::string method, std::string path, ApiHandler handler) {
  routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

ApiReply Router::dispatch(ApiRequest& req) const {
  const std::size_t q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = parse_query(req.target.substr(q + 1));

  const auto auth = guard_.check(req.method, req.target, req.authorization, req.remote);
  if (!auth.ok) {
    ApiReply r = error_reply(401, "unauthorized", "digest authentication required");
    for (const auto& c : auth.challenges) r.headers.emplace_back("WWW-Authenticate", c);
    return r;
  }
  req.user = auth.user;

  const auto it = routes_.find({req.method, req.path});
  if (it == routes_.end()) {
    for (const auto& [key, handler] : routes_)
      if (key.second == req.path)
        return error_reply(405, "methodNotAllowed",
                           fmt::format("{} not allowed on {}", req.method, req.path));
    return error_reply(404, "notSupport", fmt::format("no resource {}", req.path));
  }
  try {
    return it->second(device_, req);
  } catch (const RequestError& e) {
    return error_reply(e.status(), e.sub_status(), e.what());
  } catch (const nlohmann::json::exception& e) {
    return error_reply(400, "badJsonContent", fmt::format("bad JSON: {}", e.what()));
  } catch (const std::exception& e) {
    return error_reply(500, "deviceError", e.what());
  }
}

std::unique_ptr<Router> make_router(Device& device, DigestGuard& guard, bool with_templates) {
  auto router = std::make_unique<Router>(device, guard);
  add_system_routes(*router);
  add_fdlib_routes(*router);
  add_userinfo_routes(*router);
  add_alert_stream_routes(*router);
  add_recognition_routes(*router);
  add_presentation_routes(*router);
  add_storage_routes(*router);
  add_storage_inspection_routes(*router);
  add_template_protection_routes(*router);
  if (with_templates) add_template_routes(*router);
  return router;
}

std::unique_ptr<Router> make_template_router(Device& device, DigestGuard& guard) {
  auto router = std::make_unique<Router>(device, guard);
  add_template_routes(*router);
  return router;
}

}  // namespace facecert::refdev
