// AlertStreamClient and parse_alert (isapi_alert_stream.h).
#include "facecert/drivers/isapi_alert_stream.h"

#include <cstdlib>

#include <boost/beast/http/field.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "facecert/drivers/digest_auth.h"
#include "facecert/drivers/http_client.h"
#include "http_connection.h"
#include "isapi_responses.h"
#include "refdev_extension.h"
#include "text_util.h"

namespace facecert::drivers {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kAlertStreamPath = "/ISAPI/Event/notification/alertStream";
constexpr std::chrono::milliseconds kSlice{50};  // how often a read looks at stop()
constexpr std::size_t kMaxErrorBody = 64 * 1024;
constexpr int kMinorFacePass = 75, kMinorFaceFail = 76;

// The face decision in an event, when it is one.
void add_recognition(AlertEvent& a, const std::string& decision, const std::string& mode,
                     const std::string& fpid, double score, const std::string& where) {
  RecognitionEvent r;
  r.time = a.date_time;
  if (!decision.empty()) {
    r.decision = refdev_decision(decision, where);
    r.mode = mode.empty() ? "identify" : mode;
    r.person_id = fpid;
    r.score = score;
  } else if (a.minor == kMinorFacePass || a.minor == kMinorFaceFail) {
    r.mode = "identify";
    r.decision = a.minor == kMinorFacePass ? MatchResult::Decision::Accepted
                                           : MatchResult::Decision::Rejected;
    if (a.minor == kMinorFacePass) r.person_id = a.employee_no;
  } else {
    return;
  }
  a.recognition = r;
}

AlertEvent from_json(const json& j, const std::string& where) {
  const auto text = [](const json& o, const char* k) {
    const auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto number = [](const json& o, const char* k) {
    const auto it = o.find(k);
    return it != o.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  AlertEvent a;
  a.event_type = text(j, "eventType");
  a.date_time = text(j, "dateTime");
  const auto ace = j.find("AccessControllerEvent");
  if (ace != j.end() && ace->is_object()) {
    a.major = static_cast<int>(number(*ace, "majorEventType"));
    a.minor = static_cast<int>(number(*ace, "subEventType"));
    a.employee_no = text(*ace, "employeeNoString");
    add_recognition(a, text(*ace, "decision"), text(*ace, "mode"), text(*ace, "FPID"),
                    number(*ace, "score"), where);
  }
  return a;
}

AlertEvent from_xml(const pugi::xml_node& n, const std::string& where) {
  AlertEvent a;
  a.event_type = n.child_value("eventType");
  a.date_time = n.child_value("dateTime");
  if (const auto ace = n.child("AccessControllerEvent")) {
    a.major = std::atoi(ace.child_value("majorEventType"));
    a.minor = std::atoi(ace.child_value("subEventType"));
    a.employee_no = ace.child_value("employeeNoString");
    add_recognition(a, ace.child_value("decision"), ace.child_value("mode"),
                    ace.child_value("FPID"), std::atof(ace.child_value("score")), where);
  }
  return a;
}

}  // namespace

AlertEvent parse_alert(const std::string& content_type, const std::string& body,
                       const std::string& where) {
  const std::string head(text::trim(std::string_view(body).substr(0, 64)));
  AlertEvent a;
  if (text::lower(content_type).find("json") != std::string::npos ||
      (!head.empty() && head.front() == '{')) {
    const auto j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw DriverError(fmt::format("{}: a part is not a JSON object: '{}'", where, head));
    a = from_json(j, where);
  } else {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size()) || !doc.child("EventNotificationAlert"))
      throw DriverError(fmt::format(
          "{}: a part ({}) is neither JSON nor an XML EventNotificationAlert: '{}'", where,
          content_type.empty() ? "no Content-Type" : content_type, head));
    a = from_xml(doc.child("EventNotificationAlert"), where);
  }
  if (a.event_type.empty())
    throw DriverError(fmt::format("{}: a notification without eventType: '{}'", where, head));
  a.content_type = content_type;
  a.raw = body;
  return a;
}

AlertStreamClient::AlertStreamClient(Options options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
  Url::parse(options_.base_url);
}

void AlertStreamClient::stop() { stop_ = true; }

AlertCollection AlertStreamClient::collect(std::chrono::milliseconds duration,
                                           std::size_t max_events) {
  const std::string full = options_.base_url + kAlertStreamPath;
  const Url url = Url::parse(full);
  const auto until = Clock::now() + duration;
  AlertCollection out;
  const auto enough = [&] { return max_events > 0 && out.events.size() >= max_events; };
  const auto keep_going = [&] { return !stop_ && !enough() && Clock::now() < until; };
  std::optional<digest::Challenge> challenge;

  for (int attempt = 0; attempt < 2; ++attempt) {
    HttpResponse head;
    std::string error_body;
    std::optional<MultipartStreamReader> reader;
    try {
      HttpConnection conn(url, options_.ca_file, Clock::now() + options_.connect_timeout);
      HttpConnection::Request req;
      req.method(http::verb::get);
      req.target(url.target);
      req.version(11);
      req.set(http::field::host, url.host + ":" + url.port);
      req.set(http::field::user_agent, "facecert/" FACECERT_VERSION);
      req.keep_alive(false);
      if (challenge) {
        const auto cred = digest::answer(*challenge, options_.user, options_.password, "GET",
                                         url.target, 1, digest::random_hex(16));
        req.set(http::field::authorization, digest::format_authorization(cred));
      }
      const auto on_header = [&](const HttpResponse& h) {
        head = h;
        if (h.status < 200 || h.status > 299) return true;  // read the (short) error body
        const std::string boundary = multipart_boundary(h.content_type);
        if (text::lower(h.content_type).rfind("multipart/", 0) != 0 || boundary.empty())
          throw DriverError(fmt::format(
              "GET {}: HTTP {} {}: expected multipart/mixed with a boundary, got '{}'", full,
              h.status, h.reason, h.content_type));
        reader.emplace(boundary);
        return true;
      };
      const auto on_body = [&](std::string_view bytes) {
        if (!reader) {
          error_body.append(bytes.substr(0, kMaxErrorBody - std::min(kMaxErrorBody, error_body.size())));
          return error_body.size() < kMaxErrorBody;
        }
        for (auto& part : reader->feed(bytes)) {
          auto alert = parse_alert(part.content_type, part.body, "GET " + full);
          if (alert.event_type == "heartBeat")
            out.heartbeats.push_back(std::move(alert));
          else
            out.events.push_back(std::move(alert));
          if (enough()) return false;
        }
        return true;
      };
      conn.stream(req, Clock::now() + options_.connect_timeout, kSlice, on_header, on_body,
                  keep_going);
    } catch (const TransportError& e) {
      if (stop_) {
        out.ended = "stopped";
        return out;
      }
      throw DriverError(fmt::format("GET {}: {}", full, e.what()));
    }
    if (head.status == 401 && !challenge && !options_.user.empty()) {
      const auto [b, e] = head.headers.equal_range("www-authenticate");
      for (auto it = b; it != e; ++it)
        if (auto c = digest::parse_challenge(it->second);
            c && (!challenge || c->algorithm == digest::Algorithm::SHA256))
          challenge = c;
      if (challenge) continue;
    }
    if (head.status < 200 || head.status > 299) {
      head.body = error_body;
      const std::string why = isapi::device_reason(head);
      throw DriverError(fmt::format("GET {}: HTTP {} {}{}", full, head.status, head.reason,
                                    why.empty() ? "" : ": " + why));
    }
    out.ended = stop_ ? "stopped"
                : enough() ? "enough events"
                : Clock::now() >= until ? "time limit"
                                        : "device ended the stream";
    return out;
  }
  throw DriverError(fmt::format("GET {}: HTTP 401 after answering the Digest challenge", full));
}

}  // namespace facecert::drivers
