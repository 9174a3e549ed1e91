// ViidReceiver: the GA/T 1400 endpoints of the view library, one handler each in a table keyed by
// "METHOD path", on the small Beast server; the Ledger keeps what arrives.
#include "facecert/drivers/viid_receiver.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <fmt/format.h>

#include "viid_digest.h"
#include "viid_fields.h"
#include "viid_http_server.h"
#include "viid_ledger.h"
#include "viid_tls.h"
#include "viid_validate.h"

namespace facecert::drivers {
using json = nlohmann::json;
using viid::HttpAnswer;
using viid::HttpExchange;

namespace {

// GA/T 1400.4 response status codes used here.
constexpr int kOk = 0, kInvalidOperation = 4, kInvalidJsonFormat = 7, kInvalidJsonContent = 8;

json status_object(const std::string& url, int code, const std::string& text, const std::string& id) {
  return {{"RequestURL", url}, {"StatusCode", code}, {"StatusString", text}, {"Id", id},
          {"LocalTime", viid::local_time()}};
}

HttpAnswer answer(int http_status, json body) {
  HttpAnswer a;
  a.status = http_status;
  a.body = body.dump();
  return a;
}

HttpAnswer single(int http_status, const std::string& url, int code, const std::string& text,
                  const std::string& id) {
  return answer(http_status, {{"ResponseStatusObject", status_object(url, code, text, id)}});
}

HttpAnswer listed(int http_status, const json& objects) {
  return answer(http_status, {{"ResponseStatusListObject", {{"ResponseStatusObject", objects}}}});
}

// "syntax error while parsing value - invalid literal; last read: 'x'" from nlohmann's message.
std::string parser_message(const json::parse_error& e) {
  std::string w = e.what();
  const auto column = w.find("column ");
  const auto colon = w.find(": ", column == std::string::npos ? 0 : column);
  return colon == std::string::npos ? w : w.substr(colon + 2);
}

std::string string_at(const json& body, const char* object, const char* field) {
  if (!body.is_object() || !body.contains(object) || !body[object].is_object()) return "";
  const auto it = body[object].find(field);
  return it != body[object].end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

struct ViidReceiver::Impl {
  using Handler = HttpAnswer (Impl::*)(const HttpExchange&, const std::string& request);

  ViidOptions options;
  viid::Ledger ledger;
  std::optional<viid::DigestChecker> digest;
  boost::asio::io_context ioc;
  std::optional<boost::asio::ssl::context> tls;
  std::unique_ptr<viid::HttpServer> server;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::map<std::string, Handler> routes{
      {"POST /VIID/System/Register", &Impl::on_register},
      {"POST /VIID/System/Keepalive", &Impl::on_keepalive},
      {"POST /VIID/System/UnRegister", &Impl::on_unregister},
      {"GET /VIID/System/Time", &Impl::on_time},
      {"POST /VIID/Faces", &Impl::on_faces},
      {"POST /VIID/Images", &Impl::on_images},
  };

  explicit Impl(ViidOptions o) : options(std::move(o)) {
    if (!options.password.empty()) digest.emplace("facecert-viid", options.user, options.password);
  }

  void event(const std::string& line) const {
    if (options.on_event) options.on_event(line);
  }

  void problem(const std::string& device, const std::string& request, const std::string& path,
               const std::string& message) {
    ledger.problem(device, request, path, message);
    event(fmt::format("problem ({}, device {}): {}", request, device.empty() ? "?" : device,
                      path.empty() ? message : path + ": " + message));
  }

  HttpAnswer dispatch(const HttpExchange& x) {
    const std::string path = x.target.substr(0, x.target.find('?'));
    const std::string request = fmt::format("{} {} #{}", x.method, path, ledger.next_request());
    const auto it = routes.find(x.method + " " + path);
    if (it == routes.end())
      return single(404, path, kInvalidOperation, "no such view-library resource", "");
    return (this->*(it->second))(x, request);
  }

  // The body as JSON; on failure the 400 answer is returned through `refusal` and recorded.
  std::optional<json> parse(const HttpExchange& x, const std::string& request, const std::string& device,
                            std::optional<HttpAnswer>& refusal) {
    try {
      return json::parse(x.body);
    } catch (const json::parse_error& e) {
      const std::string why = fmt::format("body is not JSON: {} at byte {}", parser_message(e), e.byte);
      problem(device, request, "", why);
      refusal = single(400, x.target, kInvalidJsonFormat, why, "");
      return std::nullopt;
    }
  }

  HttpAnswer on_register(const HttpExchange& x, const std::string& request) {
    if (digest) {
      auto r = digest->check(x.method, x.target, x.authorization);
      if (!r.ok) {
        if (!r.why.empty()) problem(x.user_identify, request, "", "registration refused: " + r.why);
        HttpAnswer a = single(401, x.target, kInvalidOperation, "Digest authentication required", "");
        for (auto& c : r.challenges) a.headers.emplace_back("WWW-Authenticate", std::move(c));
        return a;
      }
    }
    std::optional<HttpAnswer> refusal;
    const auto body = parse(x, request, x.user_identify, refusal);
    if (!body) return *refusal;
    const std::string id = string_at(*body, "RegisterObject", "DeviceID");
    if (id.empty()) {
      problem(x.user_identify, request, "RegisterObject.DeviceID", "is missing");
      return single(400, x.target, kInvalidJsonContent, "RegisterObject.DeviceID is missing", "");
    }
    ledger.registered(id);
    event(fmt::format("registered device {} from {}", id, x.remote));
    return single(200, x.target, kOk, "OK", id);
  }

  HttpAnswer on_keepalive(const HttpExchange& x, const std::string& request) {
    std::optional<HttpAnswer> refusal;
    const auto body = parse(x, request, x.user_identify, refusal);
    if (!body) return *refusal;
    const std::string id = string_at(*body, "KeepaliveObject", "DeviceID");
    if (id.empty()) {
      problem(x.user_identify, request, "KeepaliveObject.DeviceID", "is missing");
      return single(400, x.target, kInvalidJsonContent, "KeepaliveObject.DeviceID is missing", "");
    }
    if (!ledger.keepalive(id)) {
      problem(id, request, "KeepaliveObject.DeviceID", fmt::format("{} is not registered", viid::quote_value(id)));
      return single(200, x.target, kInvalidOperation, "device is not registered", id);
    }
    return single(200, x.target, kOk, "OK", id);
  }

  HttpAnswer on_unregister(const HttpExchange& x, const std::string& request) {
    std::optional<HttpAnswer> refusal;
    const auto body = parse(x, request, x.user_identify, refusal);
    if (!body) return *refusal;
    const std::string id = string_at(*body, "UnRegisterObject", "DeviceID");
    if (id.empty()) {
      problem(x.user_identify, request, "UnRegisterObject.DeviceID", "is missing");
      return single(400, x.target, kInvalidJsonContent, "UnRegisterObject.DeviceID is missing", "");
    }
    const bool was = ledger.is_registered(id);
    ledger.unregistered(id);
    event(fmt::format("unregistered device {}", id));
    return was ? single(200, x.target, kOk, "OK", id)
               : single(200, x.target, kInvalidOperation, "device was not registered", id);
  }

  HttpAnswer on_time(const HttpExchange&, const std::string&) {
    return answer(200, {{"SystemTimeObject",
                         {{"VIIDServerID", options.server_id}, {"TimeMode", "2"},
                          {"LocalTime", viid::local_time()}, {"TimeZone", "Asia/Shanghai"}}}});
  }

  HttpAnswer on_faces(const HttpExchange& x, const std::string& request) { return on_push(x, request, true); }
  HttpAnswer on_images(const HttpExchange& x, const std::string& request) { return on_push(x, request, false); }

  // The sender: the User-Identify header, else the first object's DeviceID.
  static std::string sender_of(const HttpExchange& x, const json& body, bool faces) {
    if (!x.user_identify.empty()) return x.user_identify;
    try {
      const auto& first = faces ? body.at("FaceListObject").at("FaceObject").at(0)
                                : body.at("ImageListObject").at("Image").at(0).at("ImageInfo");
      const auto& id = first.at("DeviceID");
      return id.is_string() ? id.get<std::string>() : "";
    } catch (const json::exception&) {
      return "";
    }
  }

  HttpAnswer on_push(const HttpExchange& x, const std::string& request, bool faces) {
    std::optional<HttpAnswer> refusal;
    const auto body = parse(x, request, x.user_identify, refusal);
    if (!body) {
      ledger.unreadable_push(x.user_identify);
      return *refusal;
    }
    const std::string sender = sender_of(x, *body, faces);
    if (!sender.empty() && !ledger.is_registered(sender)) {
      ledger.refused_push(sender);
      problem(sender, request, "", fmt::format("device {} pushed while not registered", viid::quote_value(sender)));
      return listed(200, json::array({status_object(x.target, kInvalidOperation, "device is not registered", sender)}));
    }
    const auto known = [this](const std::string& id) { return ledger.is_registered(id); };
    const viid::CheckedPush checked = faces ? viid::check_faces(*body, known) : viid::check_images(*body, known);
    ledger.push(x.user_identify.empty() ? sender : x.user_identify, request, checked);
    json statuses = json::array();
    std::size_t problems = checked.body_problems.size();
    for (const auto& p : checked.body_problems)
      statuses.push_back(status_object(x.target, kInvalidJsonContent, p.path + ": " + p.message, ""));
    const auto add = [&](const std::string& id, const std::vector<viid::FieldProblem>& ps) {
      problems += ps.size();
      statuses.push_back(ps.empty() ? status_object(x.target, kOk, "OK", id)
                                    : status_object(x.target, kInvalidJsonContent,
                                                    ps.front().path + ": " + ps.front().message, id));
    };
    for (const auto& f : checked.faces) add(f.facts.face_id, f.problems);
    for (const auto& i : checked.images) add(i.facts.image_id, i.problems);
    event(fmt::format("{} from {}: {} face(s), {} image(s), {} problem(s)", request,
                      sender.empty() ? "?" : sender, checked.faces.size(), checked.images.size(), problems));
    for (const auto& p : checked.body_problems) event(fmt::format("problem ({}): {}: {}", request, p.path, p.message));
    for (const auto& f : checked.faces)
      for (const auto& p : f.problems) event(fmt::format("problem ({}): {}: {}", request, p.path, p.message));
    for (const auto& i : checked.images)
      for (const auto& p : i.problems) event(fmt::format("problem ({}): {}: {}", request, p.path, p.message));
    return listed(checked.body_problems.empty() ? 200 : 400, statuses);
  }
};

ViidReceiver::ViidReceiver(ViidOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

ViidReceiver::~ViidReceiver() { stop(); }

void ViidReceiver::start() {
  if (impl_->server) return;
  if (impl_->options.tls) impl_->tls.emplace(viid::make_tls_context(impl_->options.cert_file, impl_->options.key_file));
  Impl* impl = impl_.get();
  impl_->server = std::make_unique<viid::HttpServer>(
      impl_->ioc, impl_->options.listen, impl_->options.port, impl_->tls ? &*impl_->tls : nullptr,
      [impl](const HttpExchange& x) { return impl->dispatch(x); });
  impl_->server->start();
  impl_->work.emplace(impl_->ioc.get_executor());
  for (int i = 0; i < 2; ++i) impl_->threads.emplace_back([impl] { impl->ioc.run(); });
}

unsigned short ViidReceiver::port() const { return impl_->server ? impl_->server->port() : 0; }

std::string ViidReceiver::url() const {
  const auto& host = impl_->options.listen;
  return fmt::format("{}://{}:{}", impl_->options.tls ? "https" : "http",
                     host.find(':') != std::string::npos ? "[" + host + "]" : host, port());
}

void ViidReceiver::stop() {
  if (!impl_ || impl_->threads.empty()) return;
  impl_->server->stop();
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

ViidSummary ViidReceiver::snapshot() const {
  ViidSummary s = impl_->ledger.summary();
  s.url = impl_->server ? url() : "";
  s.tls = impl_->options.tls;
  s.digest_required = impl_->digest.has_value();
  return s;
}

}  // namespace facecert::drivers
