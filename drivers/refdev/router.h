// Routing for the device API: a table of (method, path) -> handler, filled by the handler files
// (handlers_*.cpp), with Digest authentication in front of every route and ISAPI-style errors.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::refdev {

class Device;
class DigestGuard;

struct ApiRequest {
  std::string method, target, path;  // target = path + query
  std::map<std::string, std::string> query;
  std::string content_type, authorization, body;
  std::string remote;  // client ip:port
  std::string local;   // the device's ip:port of this connection
  std::string user;    // set after authentication
};

// A long-lived reply body (ISAPI alertStream): after the header the session calls poll() every
// kPollInterval and writes what it returns ("" nothing yet); nullopt ends the stream.
class ReplyStream {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{100};
  virtual ~ReplyStream() = default;
  virtual std::optional<std::string> poll() = 0;
};

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<ReplyStream> stream;  // set: `body` is ignored, the connection closes at the end
};

ApiReply json_reply(const nlohmann::json& j, int status = 200);
ApiReply xml_reply(std::string xml, int status = 200);
// ISAPI ResponseStatus-like JSON: statusCode, statusString, subStatusCode, errorMsg.
ApiReply error_reply(int status, const std::string& sub_status, const std::string& message);
nlohmann::json ok_status();

using ApiHandler = std::function<ApiReply(Device&, const ApiRequest&)>;

class Router {
 public:
  Router(Device& device, DigestGuard& guard) : device_(device), guard_(guard) {}
  void add(std::string method, std::string path, ApiHandler handler);
  // Authenticates, dispatches, and turns RequestError / bad JSON / other exceptions into replies.
  ApiReply dispatch(ApiRequest& request) const;

 private:
  Device& device_;
  DigestGuard& guard_;
  std::map<std::pair<std::string, std::string>, ApiHandler> routes_;
};

// Splits "a=1&b=2" (percent-decoding values).
std::map<std::string, std::string> parse_query(const std::string& query);

// The route table: every handler file contributes its routes here.
void add_system_routes(Router& r);
void add_fdlib_routes(Router& r);
void add_recognition_routes(Router& r);
void add_presentation_routes(Router& r);
void add_storage_routes(Router& r);
void add_storage_inspection_routes(Router& r);
void add_template_routes(Router& r);
void add_template_protection_routes(Router& r);
void add_userinfo_routes(Router& r);
void add_alert_stream_routes(Router& r);
// The API; `with_templates` false leaves the template route to the feature-sync listener.
std::unique_ptr<Router> make_router(Device& device, DigestGuard& guard, bool with_templates = true);
// The feature-sync listener's routes only (flaw plaintext-features).
std::unique_ptr<Router> make_template_router(Device& device, DigestGuard& guard);

}  // namespace facecert::refdev
