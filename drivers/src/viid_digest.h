// Server side of HTTP Digest (RFC 7616) for the view library's /VIID/System/Register: issues
// SHA-256 and MD5 challenges (qop=auth), checks answers with the shared digest computations, and
// refuses unknown or expired nonces and replayed nonce counts.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace facecert::drivers::viid {

class DigestChecker {
 public:
  static constexpr auto kNonceLifetime = std::chrono::minutes(5);
  static constexpr std::size_t kMaxNonces = 1024;

  DigestChecker(std::string realm, std::string user, std::string password);

  struct Result {
    bool ok = false;
    std::string why;                      // why not ok ("" when no credentials were sent)
    std::vector<std::string> challenges;  // WWW-Authenticate values when not ok
  };
  Result check(const std::string& method, const std::string& target, const std::string& authorization);

 private:
  std::vector<std::string> issue(bool stale);
  std::string realm_, user_, password_, opaque_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> nonces_;
};

}  // namespace facecert::drivers::viid
