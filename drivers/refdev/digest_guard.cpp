#include "digest_guard.h"

#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"

namespace facecert::refdev {
namespace digest = drivers::digest;

DigestGuard::DigestGuard(std::string realm, std::string user, std::string password,
                         AuditLog& audit)
    : realm_(std::move(realm)),
      user_(std::move(user)),
      password_(std::move(password)),
      opaque_(digest::random_hex(16)),
      audit_(audit) {}

std::vector<std::string> DigestGuard::challenges(bool stale) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  for (auto it = nonces_.begin(); it != nonces_.end();)  // forget expired nonces
    it = now - it->second.issued > kNonceLifetime ? nonces_.erase(it) : std::next(it);
  while (nonces_.size() >= kMaxNonces) nonces_.erase(nonces_.begin());
  std::vector<std::string> out;
  for (auto alg : {digest::Algorithm::SHA256, digest::Algorithm::MD5}) {
    digest::Challenge c{realm_, digest::random_hex(16), opaque_, "auth", alg, stale};
    nonces_[c.nonce] = {now, 0};
    out.push_back(digest::format_challenge(c));
  }
  return out;
}

void DigestGuard::fail(const std::string& remote, const std::string& user,
                       const std::string& why) {
  audit_.append({"", remote, user, "login", "failure", why});
}

DigestGuard::Outcome DigestGuard::check(const std::string& method, const std::string& target,
                                        const std::string& authorization,
                                        const std::string& remote) {
  if (authorization.empty()) return {false, "", challenges(false)};
  const auto cred = digest::parse_authorization(authorization);
  if (!cred) {
    fail(remote, "", "malformed Digest Authorization header");
    return {false, "", challenges(false)};
  }
  if (cred->username != user_ || cred->realm != realm_ || !digest::verify(*cred, password_, method)) {
    fail(remote, cred->username, cred->username != user_ ? "unknown user" : "wrong password");
    return {false, "", challenges(false)};
  }
  if (cred->uri != target) {
    fail(remote, cred->username, "digest uri does not match the request target");
    return {false, "", challenges(false)};
  }
  std::uint64_t nc = 0;
  try {
    nc = std::stoull(cred->nc, nullptr, 16);
  } catch (const std::exception&) {
    fail(remote, cred->username, "bad nonce count");
    return {false, "", challenges(false)};
  }
  enum class NonceUse { Fresh, FirstUse, Stale, Replay } state;
  {
    std::lock_guard lock(mu_);
    const auto it = nonces_.find(cred->nonce);
    if (it == nonces_.end() ||
        std::chrono::steady_clock::now() - it->second.issued > kNonceLifetime) {
      state = NonceUse::Stale;
    } else if (nc <= it->second.last_nc) {
      state = NonceUse::Replay;
    } else {
      state = it->second.last_nc == 0 ? NonceUse::FirstUse : NonceUse::Fresh;
      it->second.last_nc = nc;
    }
  }
  if (state == NonceUse::Replay) {
    fail(remote, cred->username, "replayed nonce count");
    return {false, "", challenges(false)};
  }
  // Right password, unknown or expired nonce: ask again with stale=true (not a failed login).
  if (state == NonceUse::Stale) return {false, "", challenges(true)};
  if (state == NonceUse::FirstUse)
    audit_.append({"", remote, cred->username, "login", "success",
                   fmt::format("digest {} session", digest::to_string(cred->algorithm))});
  return {true, cred->username, {}};
}

}  // namespace facecert::refdev
