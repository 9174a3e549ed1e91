#include "viid_digest.h"

#include <stdexcept>

#include "facecert/drivers/digest_auth.h"

namespace facecert::drivers::viid {

DigestChecker::DigestChecker(std::string realm, std::string user, std::string password)
    : realm_(std::move(realm)),
      user_(std::move(user)),
      password_(std::move(password)),
      opaque_(digest::random_hex(16)) {}

std::vector<std::string> DigestChecker::issue(bool stale) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  std::erase_if(nonces_, [&](const auto& kv) { return now - kv.second.first > kNonceLifetime; });
  while (nonces_.size() >= kMaxNonces) nonces_.erase(nonces_.begin());
  std::vector<std::string> out;
  for (auto alg : {digest::Algorithm::SHA256, digest::Algorithm::MD5}) {
    digest::Challenge c{realm_, digest::random_hex(16), opaque_, "auth", alg, stale};
    nonces_[c.nonce] = {now, 0};
    out.push_back(digest::format_challenge(c));
  }
  return out;
}

DigestChecker::Result DigestChecker::check(const std::string& method, const std::string& target,
                                           const std::string& authorization) {
  if (authorization.empty()) return {false, "", issue(false)};
  const auto cred = digest::parse_authorization(authorization);
  if (!cred) return {false, "malformed Digest Authorization header", issue(false)};
  if (cred->username != user_) return {false, "unknown user " + cred->username, issue(false)};
  if (cred->realm != realm_ || !digest::verify(*cred, password_, method))
    return {false, "wrong password for " + cred->username, issue(false)};
  if (cred->uri != target) return {false, "digest uri does not match the request", issue(false)};
  std::uint64_t nc = 0;
  try {
    nc = std::stoull(cred->nc, nullptr, 16);
  } catch (const std::exception&) {
    return {false, "bad nonce count", issue(false)};
  }
  bool stale = false, replay = false;
  {
    std::lock_guard lock(mu_);
    const auto it = nonces_.find(cred->nonce);
    if (it == nonces_.end() || std::chrono::steady_clock::now() - it->second.first > kNonceLifetime)
      stale = true;
    else if (nc <= it->second.second)
      replay = true;
    else
      it->second.second = nc;
  }
  if (replay) return {false, "replayed nonce count", issue(false)};
  if (stale) return {false, "stale nonce", issue(true)};  // right password, ask again
  return {true, "", {}};
}

}  // namespace facecert::drivers::viid
