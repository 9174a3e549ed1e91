#include "facecert/drivers/digest_auth.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "text_util.h"

namespace facecert::drivers::digest {
namespace {

using text::lower;
using text::trim;

// Strips a leading "Digest" scheme token; nullopt when the scheme is something else.
std::optional<std::string_view> after_digest_scheme(std::string_view v) {
  v = trim(v);
  if (v.size() < 6 || lower(v.substr(0, 6)) != "digest") return std::nullopt;
  if (v.size() > 6 && !std::isspace(static_cast<unsigned char>(v[6]))) return std::nullopt;
  return v.substr(6);
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string_view to_string(Algorithm a) { return a == Algorithm::MD5 ? "MD5" : "SHA-256"; }

std::optional<Algorithm> algorithm_from_string(std::string_view s) {
  const std::string l = lower(trim(s));
  if (l.empty() || l == "md5") return Algorithm::MD5;
  if (l == "sha-256") return Algorithm::SHA256;
  return std::nullopt;
}

std::string hash_hex(Algorithm a, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* type = a == Algorithm::MD5 ? EVP_md5() : EVP_sha256();
  if (EVP_Digest(data.data(), data.size(), md, &len, type, nullptr) != 1)
    throw std::runtime_error("digest: EVP_Digest failed");
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::map<std::string, std::string> parse_params(std::string_view s) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ',' || std::isspace(static_cast<unsigned char>(s[i])))) ++i;
    const std::size_t key_start = i;
    while (i < s.size() && s[i] != '=' && s[i] != ',') ++i;
    std::string key = lower(trim(s.substr(key_start, i - key_start)));
    if (i >= s.size() || s[i] != '=') {
      if (!key.empty()) out[key] = "";
      continue;
    }
    ++i;  // '='
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
      if (i < s.size()) ++i;  // closing quote
    } else {
      const std::size_t v_start = i;
      while (i < s.size() && s[i] != ',') ++i;
      value = std::string(trim(s.substr(v_start, i - v_start)));
    }
    if (!key.empty()) out[key] = value;
  }
  return out;
}

std::optional<Challenge> parse_challenge(std::string_view header_value) {
  const auto rest = after_digest_scheme(header_value);
  if (!rest) return std::nullopt;
  auto p = parse_params(*rest);
  const auto alg = algorithm_from_string(p["algorithm"]);
  if (!alg || p["nonce"].empty()) return std::nullopt;
  Challenge c;
  c.realm = p["realm"];
  c.nonce = p["nonce"];
  c.opaque = p["opaque"];
  c.qop = p["qop"];
  c.algorithm = *alg;
  c.stale = lower(p["stale"]) == "true";
  return c;
}

std::string format_challenge(const Challenge& c) {
  std::string out = fmt::format("Digest realm={}, qop=\"auth\", algorithm={}, nonce={}",
                                quoted(c.realm), to_string(c.algorithm), quoted(c.nonce));
  if (!c.opaque.empty()) out += ", opaque=" + quoted(c.opaque);
  if (c.stale) out += ", stale=true";
  return out;
}

std::optional<Credentials> parse_authorization(std::string_view header_value) {
  const auto rest = after_digest_scheme(header_value);
  if (!rest) return std::nullopt;
  auto p = parse_params(*rest);
  const auto alg = algorithm_from_string(p["algorithm"]);
  if (!alg) return std::nullopt;
  Credentials c{p["username"], p["realm"], p["nonce"], p["uri"],    p["response"],
                p["cnonce"],   p["nc"],    p["qop"],   p["opaque"], *alg};
  if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty())
    return std::nullopt;
  return c;
}

std::string format_authorization(const Credentials& c) {
  std::string out = fmt::format(
      "Digest username={}, realm={}, uri={}, algorithm={}, nonce={}, nc={}, cnonce={}, "
      "qop={}, response={}",
      quoted(c.username), quoted(c.realm), quoted(c.uri), to_string(c.algorithm), quoted(c.nonce),
      c.nc, quoted(c.cnonce), c.qop, quoted(c.response));
  if (!c.opaque.empty()) out += ", opaque=" + quoted(c.opaque);
  return out;
}

std::string compute_response(Algorithm a, std::string_view username, std::string_view realm,
                             std::string_view password, std::string_view method,
                             std::string_view uri, std::string_view nonce, std::string_view nc,
                             std::string_view cnonce, std::string_view qop) {
  const std::string ha1 = hash_hex(a, fmt::format("{}:{}:{}", username, realm, password));
  const std::string ha2 = hash_hex(a, fmt::format("{}:{}", method, uri));
  return hash_hex(a, fmt::format("{}:{}:{}:{}:{}:{}", ha1, nonce, nc, cnonce, qop, ha2));
}

Credentials answer(const Challenge& ch, std::string_view username, std::string_view password,
                   std::string_view method, std::string_view uri, unsigned nc,
                   std::string_view cnonce) {
  Credentials c;
  c.username = username;
  c.realm = ch.realm;
  c.nonce = ch.nonce;
  c.uri = uri;
  c.cnonce = cnonce;
  c.nc = fmt::format("{:08x}", nc);
  c.qop = "auth";
  c.opaque = ch.opaque;
  c.algorithm = ch.algorithm;
  c.response = compute_response(c.algorithm, username, c.realm, password, method, uri, c.nonce,
                                c.nc, c.cnonce, c.qop);
  return c;
}

bool verify(const Credentials& c, std::string_view password, std::string_view method) {
  if (c.qop != "auth" || c.cnonce.empty() || c.nc.empty()) return false;
  const std::string expected = compute_response(c.algorithm, c.username, c.realm, password,
                                                method, c.uri, c.nonce, c.nc, c.cnonce, c.qop);
  const std::string got = lower(c.response);
  return got.size() == expected.size() &&
         CRYPTO_memcmp(got.data(), expected.data(), expected.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("digest: RAND_bytes failed");
  std::string out;
  for (unsigned char ch : raw) out += fmt::format("{:02x}", ch);
  return out;
}

}  // namespace facecert::drivers::digest
