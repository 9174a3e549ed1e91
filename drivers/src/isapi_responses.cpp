#include "isapi_responses.h"

#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "text_util.h"

namespace facecert::drivers::isapi {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string squeezed(std::string_view s, std::size_t max = 120) {
  std::string out;
  for (char c : s) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : (std::isprint(static_cast<unsigned char>(c)) ? c : '?');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > max) out = out.substr(0, max) + "...";
  return out;
}

bool looks_like_html(const HttpResponse& r) {
  const std::string ct = text::lower(r.content_type);
  if (starts_with(ct, "text/html")) return true;
  const std::string head = text::lower(std::string(text::trim(r.body.substr(0, 256))));
  return starts_with(head, "<!doctype html") || starts_with(head, "<html");
}

std::string html_title(const std::string& body) {
  const std::string low = text::lower(body);
  const auto open = low.find("<title");
  const auto gt = open == std::string::npos ? open : low.find('>', open);
  const auto close = gt == std::string::npos ? gt : low.find("</title>", gt);
  if (close == std::string::npos) return "";
  return squeezed(std::string_view(body).substr(gt + 1, close - gt - 1));
}

std::string html_description(const HttpResponse& r) {
  return fmt::format("HTML page '{}' instead of JSON/XML", html_title(r.body));
}

// "subStatusCode (errorMsg)" from an ISAPI ResponseStatus, XML or JSON; "" when none.
std::string status_reason(const std::string& sub, const std::string& msg,
                          const std::string& status_string) {
  std::string out = sub.empty() ? status_string : sub;
  if (!msg.empty()) out += out.empty() ? msg : " (" + msg + ")";
  return out;
}

std::string json_reason(const json& j) {
  if (!j.is_object()) return "";
  const auto text = [&](const char* k) {
    const auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return status_reason(text("subStatusCode"), text("errorMsg"), text("statusString"));
}

std::string xml_reason(const std::string& body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return "";
  const auto rs = doc.child("ResponseStatus");
  if (!rs) return "";
  return status_reason(rs.child_value("subStatusCode"), rs.child_value("errorMsg"),
                       rs.child_value("statusString"));
}

}  // namespace

std::string device_reason(const HttpResponse& r) {
  if (r.body.empty()) return "";
  if (looks_like_html(r)) return html_description(r);
  const auto j = json::parse(r.body, nullptr, false);
  if (!j.is_discarded()) return json_reason(j);
  if (const auto x = xml_reason(r.body); !x.empty()) return x;
  return "";
}

HttpResponse checked(HttpResponse r, const std::string& method, const std::string& url) {
  if (r.status < 200 || r.status > 299) {
    const std::string why = device_reason(r);
    throw DriverError(fmt::format("{} {}: HTTP {} {}{}", method, url, r.status, r.reason,
                                  why.empty() ? "" : ": " + why));
  }
  return r;
}

json as_json(const std::string& method, const std::string& url, const HttpResponse& r) {
  const auto fail = [&](const std::string& what) {
    return DriverError(fmt::format("{} {}: HTTP {} {}: {}", method, url, r.status, r.reason, what));
  };
  if (looks_like_html(r))
    throw fail(fmt::format("{} (expected application/json, got '{}')", html_description(r),
                           r.content_type));
  if (!starts_with(text::lower(r.content_type), "application/json")) {
    const std::string xml = xml_reason(r.body);
    throw fail(xml.empty() ? fmt::format("expected application/json, got '{}'", r.content_type)
                           : xml);
  }
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw fail(fmt::format("response is not a JSON object: '{}'", squeezed(r.body, 60)));
  if (const auto code = j.find("statusCode");
      code != j.end() && code->is_number_integer() && code->get<int>() != 1)
    throw fail(fmt::format("the device reports failure: {}", json_reason(j)));
  return j;
}

pugi::xml_node as_xml(pugi::xml_document& doc, const char* root, const std::string& method,
                      const std::string& url, const HttpResponse& r) {
  const auto fail = [&](const std::string& what) {
    return DriverError(fmt::format("{} {}: HTTP {} {}: {}", method, url, r.status, r.reason, what));
  };
  if (looks_like_html(r)) throw fail(html_description(r));
  if (!doc.load_buffer(r.body.data(), r.body.size()))
    throw fail(fmt::format("response is not XML: '{}'", squeezed(r.body, 60)));
  const auto node = doc.child(root);
  if (!node) {
    const std::string why = xml_reason(r.body);
    throw fail(why.empty() ? fmt::format("no <{}> element", root) : why);
  }
  return node;
}

template <class T>
T field(const json& j, const char* key, const std::string& method, const std::string& url) {
  if (!j.is_object() || !j.contains(key))
    throw DriverError(fmt::format("{} {}: response lacks '{}'", method, url, key));
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw DriverError(fmt::format("{} {}: '{}' has the wrong type", method, url, key));
  }
}
template std::string field<std::string>(const json&, const char*, const std::string&,
                                        const std::string&);
template double field<double>(const json&, const char*, const std::string&, const std::string&);
template bool field<bool>(const json&, const char*, const std::string&, const std::string&);
template int field<int>(const json&, const char*, const std::string&, const std::string&);
template std::uint64_t field<std::uint64_t>(const json&, const char*, const std::string&,
                                            const std::string&);
template std::vector<std::string> field<std::vector<std::string>>(const json&, const char*,
                                                                  const std::string&,
                                                                  const std::string&);

const json& array(const json& j, const char* key, const std::string& method,
                  const std::string& url) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_array())
    throw DriverError(fmt::format("{} {}: response lacks the array '{}'", method, url, key));
  return j.at(key);
}

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    out += std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'
               ? std::string(1, static_cast<char>(c))
               : fmt::format("%{:02X}", c);
  return out;
}

Endpoint::Endpoint(std::string base_url, HttpClient::Options options)
    : base_(std::move(base_url)), options_(options), http_(std::move(options)) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
  Url::parse(base_);  // a bad URL fails at construction
}

Endpoint::Reply Endpoint::call(const std::string& method, const std::string& path,
                               std::string body, std::string content_type) {
  const std::string url = starts_with(path, "http://") || starts_with(path, "https://")
                              ? path
                              : base_ + path;
  return {url, checked(http_.request(method, url, std::move(body), std::move(content_type)),
                       method, url)};
}

Endpoint::JsonReply Endpoint::call_json(const std::string& method, const std::string& path,
                                        std::string body, std::string content_type) {
  auto [url, r] = call(method, path, std::move(body), std::move(content_type));
  return {url, as_json(method, url, r)};
}

Endpoint::JsonReply Endpoint::post_json(const std::string& method, const std::string& path,
                                        const json& body) {
  return call_json(method, path, body.dump(), "application/json");
}

std::vector<AuditEntry> audit_entries(const json& answer, const std::string& url) {
  std::vector<AuditEntry> out;
  for (const auto& e : array(answer, "LogList", "POST", url)) {
    const auto text = [&](const char* k) { return e.is_object() ? e.value(k, "") : ""; };
    const auto remote = text("remote");
    out.push_back({field<std::string>(e, "time", "POST", url), text("user"), field<std::string>(e, "event", "POST", url),
                   text("outcome"), remote.empty() ? text("detail") : fmt::format("from {}: {}", remote, text("detail"))});
  }
  return out;
}

}  // namespace facecert::drivers::isapi
