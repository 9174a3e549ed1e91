#include "facecert/drivers/http_client.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <boost/beast/http/field.hpp>
#include <boost/beast/version.hpp>
#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"
#include "http_connection.h"

namespace facecert::drivers {
namespace http = boost::beast::http;

class HttpClient::Impl {
 public:
  explicit Impl(Options o) : opt(std::move(o)) {}

  HttpResponse request(std::string_view method, std::string_view url_text, std::string body,
                       std::string content_type,
                       const std::map<std::string, std::string>& headers) {
    const Url url = Url::parse(url_text);
    const auto fail = [&](const std::string& what) {
      return DriverError(fmt::format("{} {}: {}", method, url_text, what));
    };
    try {
      HttpResponse r = send(method, url, body, content_type, headers);
      if (r.status == 401 && !opt.user.empty()) {
        const auto ch = pick_challenge(r);
        if (ch) {
          challenge = ch;
          nc = 0;
          r = send(method, url, body, content_type, headers);
        }
      }
      return r;
    } catch (const TransportError& e) {
      throw fail(e.what());
    }
  }

  Options opt;
  std::unique_ptr<HttpConnection> conn;
  std::optional<digest::Challenge> challenge;
  unsigned nc = 0;
  std::string fingerprint;
  int opened = 0;

 private:
  // The strongest Digest challenge offered (SHA-256 over MD5).
  static std::optional<digest::Challenge> pick_challenge(const HttpResponse& r) {
    std::optional<digest::Challenge> best;
    const auto [b, e] = r.headers.equal_range("www-authenticate");
    for (auto it = b; it != e; ++it) {
      auto c = digest::parse_challenge(it->second);
      if (c && (!best || c->algorithm == digest::Algorithm::SHA256)) best = c;
    }
    return best;
  }

  HttpConnection& connection(const Url& url, HttpConnection::Clock::time_point deadline,
                             bool& reused) {
    reused = conn && conn->origin() == url.origin();
    if (!reused) {
      conn.reset();
      conn = std::make_unique<HttpConnection>(url, opt.ca_file, deadline);
      ++opened;
      if (!conn->peer_fingerprint().empty()) fingerprint = conn->peer_fingerprint();
    }
    return *conn;
  }

  HttpResponse send(std::string_view method, const Url& url, const std::string& body,
                    const std::string& content_type,
                    const std::map<std::string, std::string>& headers) {
    HttpConnection::Request req;
    req.method_string(std::string(method));
    req.target(url.target);
    req.version(11);
    req.set(http::field::host, url.host + ":" + url.port);
    req.set(http::field::user_agent, "facecert/" FACECERT_VERSION);
    req.keep_alive(true);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    if (challenge && !opt.user.empty()) {
      const auto cred = digest::answer(*challenge, opt.user, opt.password, method, url.target,
                                       ++nc, digest::random_hex(16));
      req.set(http::field::authorization, digest::format_authorization(cred));
    }
    req.body() = body;
    req.prepare_payload();

    const auto deadline = HttpConnection::Clock::now() + opt.timeout;
    HttpConnection::Response res;
    bool reused = false;
    try {
      res = connection(url, deadline, reused).exchange(req, opt.max_body, deadline);
    } catch (const TransportError& e) {
      conn.reset();
      if (!reused || !e.before_response()) throw;
      // The kept-alive connection had been closed by the device: one fresh attempt.
      res = connection(url, deadline, reused).exchange(req, opt.max_body, deadline);
    }
    if (!res.keep_alive()) conn.reset();

    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.reason = std::string(res.reason());
    for (const auto& field : res) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      out.headers.emplace(std::move(name), std::string(field.value()));
    }
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    return out;
  }
};

HttpClient::HttpClient(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::request(std::string_view method, std::string_view url, std::string body,
                                 std::string content_type,
                                 const std::map<std::string, std::string>& headers) {
  return impl_->request(method, url, std::move(body), std::move(content_type), headers);
}

HttpResponse HttpClient::request_ok(std::string_view method, std::string_view url,
                                    std::string body, std::string content_type,
                                    const std::map<std::string, std::string>& headers) {
  HttpResponse r = request(method, url, std::move(body), std::move(content_type), headers);
  if (r.status < 200 || r.status > 299)
    throw DriverError(fmt::format("{} {}: HTTP {} {}", method, url, r.status, r.reason));
  return r;
}

const std::string& HttpClient::peer_fingerprint() const { return impl_->fingerprint; }
int HttpClient::connections_opened() const { return impl_->opened; }

}  // namespace facecert::drivers
