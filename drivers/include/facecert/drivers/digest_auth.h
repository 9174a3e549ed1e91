// HTTP Digest access authentication (RFC 7616), the computations shared by the HTTP client (which
// answers a challenge) and the reference device (which issues challenges and checks answers).
// Supported: algorithm MD5 and SHA-256 (not the -sess variants), qop=auth.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::drivers::digest {

enum class Algorithm { MD5, SHA256 };
std::string_view to_string(Algorithm a);                        // "MD5" / "SHA-256"
std::optional<Algorithm> algorithm_from_string(std::string_view s);  // case-insensitive

// Hex digest of `data` with `a` (lower case).
std::string hash_hex(Algorithm a, std::string_view data);

// Parses `key=value, key="quoted value", ...` (the part after the scheme). Keys are lower-cased.
std::map<std::string, std::string> parse_params(std::string_view params);

// A server challenge: one `WWW-Authenticate: Digest ...` header.
struct Challenge {
  std::string realm, nonce, opaque, qop;
  Algorithm algorithm = Algorithm::MD5;
  bool stale = false;
};
// Parses a WWW-Authenticate header value; nullopt when it is not a Digest challenge with a
// supported algorithm.
std::optional<Challenge> parse_challenge(std::string_view header_value);
std::string format_challenge(const Challenge& c);

// The fields of an `Authorization: Digest ...` header.
struct Credentials {
  std::string username, realm, nonce, uri, response, cnonce, nc, qop, opaque;
  Algorithm algorithm = Algorithm::MD5;
};
std::optional<Credentials> parse_authorization(std::string_view header_value);
std::string format_authorization(const Credentials& c);

// response = H(H(A1):nonce:nc:cnonce:qop:H(A2)), A1 = user:realm:password, A2 = method:uri.
std::string compute_response(Algorithm a, std::string_view username, std::string_view realm,
                             std::string_view password, std::string_view method,
                             std::string_view uri, std::string_view nonce, std::string_view nc,
                             std::string_view cnonce, std::string_view qop);

// Builds the credentials a client sends for `challenge` (nc is the request count for this nonce).
Credentials answer(const Challenge& challenge, std::string_view username, std::string_view password,
                   std::string_view method, std::string_view uri, unsigned nc,
                   std::string_view cnonce);

// Server side: recomputes the response from the known password and compares in constant time.
bool verify(const Credentials& c, std::string_view password, std::string_view method);

// Random hex string of `bytes` random bytes (OpenSSL RAND_bytes), for nonces and cnonces.
std::string random_hex(std::size_t bytes);

}  // namespace facecert::drivers::digest
