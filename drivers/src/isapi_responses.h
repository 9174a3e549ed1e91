// Talking to an ISAPI device: one HTTP call with the answer checked. Every problem becomes one
// DriverError line "METHOD URL: HTTP <status> <reason>: <the device's reason>", where the reason
// is the ISAPI ResponseStatus (XML or JSON: subStatusCode, errorMsg), or "HTML page '<title>'
// instead of JSON/XML" for a login or error page. Shared by the isapi and refdev drivers and the
// refdev extension. Private header.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "facecert/drivers/http_client.h"

namespace facecert::drivers::isapi {

using json = nlohmann::json;

// What the device's answer body says about an error, for a DriverError; "" when it says nothing.
std::string device_reason(const HttpResponse& r);
// Throws DriverError unless 2xx.
HttpResponse checked(HttpResponse r, const std::string& method, const std::string& url);
// The body as a JSON object; DriverError for another media type (HTML named by its title),
// broken JSON, or a JSON ResponseStatus that reports a failure (statusCode other than 1) in a
// 2xx answer.
json as_json(const std::string& method, const std::string& url, const HttpResponse& r);
// The body as XML with `root` as its document element; DriverError otherwise.
pugi::xml_node as_xml(pugi::xml_document& doc, const char* root, const std::string& method,
                      const std::string& url, const HttpResponse& r);

template <class T>
T field(const json& j, const char* key, const std::string& method, const std::string& url);
const json& array(const json& j, const char* key, const std::string& method,
                  const std::string& url);
std::string percent_encoded(const std::string& s);
// The entries of a logSearch answer (`LogList` of {time, event, user, outcome, remote, detail});
// time and event are required, the rest may be missing. The remote address goes into the detail.
std::vector<AuditEntry> audit_entries(const json& answer, const std::string& url);

// An ISAPI device at a base URL, through one HttpClient.
class Endpoint {
 public:
  Endpoint(std::string base_url, HttpClient::Options options);
  const std::string& base() const { return base_; }
  HttpClient& http() { return http_; }
  const HttpClient::Options& options() const { return options_; }

  struct Reply {
    std::string url;
    HttpResponse response;
  };
  struct JsonReply {
    std::string url;
    json body;
  };
  // `path` below the base URL, or a whole http(s):// URL.
  Reply call(const std::string& method, const std::string& path, std::string body = {},
             std::string content_type = {});
  JsonReply call_json(const std::string& method, const std::string& path, std::string body = {},
                      std::string content_type = {});
  // application/json request body.
  JsonReply post_json(const std::string& method, const std::string& path, const json& body);

 private:
  std::string base_;
  HttpClient::Options options_;
  HttpClient http_;
};

}  // namespace facecert::drivers::isapi
