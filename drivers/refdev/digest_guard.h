// Server side of HTTP Digest authentication (RFC 7616) for the device: issues challenges
// (SHA-256 and MD5, qop=auth), checks answers with the shared facecert::drivers::digest code,
// tracks nonce counts against replay, and writes failed and successful logins to the audit log.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "audit_log.h"

namespace facecert::refdev {

class DigestGuard {
 public:
  static constexpr auto kNonceLifetime = std::chrono::minutes(5);
  static constexpr std::size_t kMaxNonces = 4096;

  DigestGuard(std::string realm, std::string user, std::string password, AuditLog& audit);

  struct Outcome {
    bool ok = false;
    std::string user;                     // authenticated user when ok
    std::vector<std::string> challenges;  // WWW-Authenticate values when not ok
  };
  // `authorization`: the request's Authorization header (may be empty).
  Outcome check(const std::string& method, const std::string& target,
                const std::string& authorization, const std::string& remote);

 private:
  struct NonceState {
    std::chrono::steady_clock::time_point issued;
    std::uint64_t last_nc = 0;
  };
  std::vector<std::string> challenges(bool stale);
  void fail(const std::string& remote, const std::string& user, const std::string& why);

  std::string realm_, user_, password_, opaque_;
  AuditLog& audit_;
  std::mutex mu_;
  std::map<std::string, NonceState> nonces_;
};

}  // namespace facecert::refdev
