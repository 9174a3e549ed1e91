// RAII owners and error text for OpenSSL 3's EVP API, shared by the integrity sources (lab keys,
// file digests, manifest signatures, evidence encryption). Private to harness/src.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>

namespace facecert::harness::ossl {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(EVP_MD* p) const { EVP_MD_free(p); }
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
  void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
  void operator()(BIO* p) const { BIO_free_all(p); }
};
template <class T>
using Ptr = std::unique_ptr<T, Free>;

// The oldest queued OpenSSL error as text (the queue is emptied), or "unknown OpenSSL error".
std::string last_error();

// Throws std::runtime_error "<what>: <OpenSSL error>".
[[noreturn]] void fail(const std::string& what);

// Digest of bytes with a fetched algorithm ("SHA256", "SM3"); throws when it is unavailable.
std::vector<std::uint8_t> digest(const char* algorithm, std::span<const std::uint8_t> bytes);

std::string to_hex(std::span<const std::uint8_t> bytes);

// PEM text of a key; throws naming `what` when it does not parse.
Ptr<EVP_PKEY> read_public_pem(const std::string& pem, const std::string& what);
Ptr<EVP_PKEY> read_private_pem(const std::string& pem, const std::string& what);
std::string write_public_pem(EVP_PKEY* key);
std::string write_private_pem(EVP_PKEY* key);

// DER SubjectPublicKeyInfo of a key.
std::vector<std::uint8_t> public_der(EVP_PKEY* key);

}  // namespace facecert::harness::ossl

namespace facecert::harness::ossl {

// Standard base64 without line breaks; decode throws on malformed text.
std::string base64_encode(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> base64_decode(const std::string& text);

}  // namespace facecert::harness::ossl
