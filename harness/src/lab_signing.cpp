// Signing and verifying with the lab key, key fingerprints, algorithm names (lab_keys.h).
#include <array>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "facecert/harness/lab_keys.h"
#include "openssl_util.h"

namespace facecert::harness {
namespace {

struct SigScheme {
  SigningAlgorithm algorithm;
  const char* name;       // keys init --algorithm
  const char* signature;  // manifest.sig "algorithm"
  const char* digest;     // EVP digest name
};
constexpr std::array<SigScheme, 2> kSchemes{{
    {SigningAlgorithm::EcdsaP256, "ecdsa-p256", "ecdsa-p256-sha256", "SHA256"},
    {SigningAlgorithm::Sm2, "sm2", "sm2-sm3", "SM3"},
}};

const SigScheme& scheme(SigningAlgorithm a) {
  for (const auto& s : kSchemes)
    if (s.algorithm == a) return s;
  throw std::logic_error("unknown signing algorithm");
}

SigningAlgorithm algorithm_of(EVP_PKEY* key, const std::string& what) {
  if (EVP_PKEY_is_a(key, "SM2")) return SigningAlgorithm::Sm2;
  char group[64] = {};
  size_t len = 0;
  if (EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1) {
    const std::string g(group, len);
    if (g == "prime256v1" || g == "P-256") return SigningAlgorithm::EcdsaP256;
    if (g == "SM2") return SigningAlgorithm::Sm2;
  }
  throw std::runtime_error(fmt::format("{}: not an ECDSA P-256 or SM2 key", what));
}

// Starts a digest-sign or digest-verify operation with the scheme's digest (and the SM2 id).
ossl::Ptr<EVP_MD_CTX> start(EVP_PKEY* key, SigningAlgorithm a, bool signing) {
  ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx) ossl::fail("cannot allocate a digest context");
  const char* md = scheme(a).digest;
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  const int ok = signing ? EVP_DigestSignInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key, nullptr)
                         : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key, nullptr);
  if (ok != 1) ossl::fail(fmt::format("cannot start {} {}", scheme(a).signature, signing ? "signing" : "verifying"));
  if (a == SigningAlgorithm::Sm2) {
    // The signer id enters SM2's Z digest; OpenSSL takes it only after the operation started.
    std::string id = kSm2Id;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, id.data(), id.size()),
        OSSL_PARAM_construct_end()};
    if (EVP_PKEY_CTX_set_params(pctx, params) != 1) ossl::fail("cannot set the SM2 signer id");
  }
  return ctx;
}

}  // namespace

std::string to_string(SigningAlgorithm a) { return scheme(a).name; }
std::string signature_algorithm(SigningAlgorithm a) { return scheme(a).signature; }

std::optional<SigningAlgorithm> signing_algorithm_from_string(const std::string& s) {
  for (const auto& sc : kSchemes)
    if (s == sc.name) return sc.algorithm;
  return std::nullopt;
}

bool sm2_supported(std::string* why) {
  try {
    ossl::Ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
    if (!key) ossl::fail("this OpenSSL cannot make SM2 keys");
    const std::uint8_t msg[] = {'a', 'b', 'c'};
    auto ctx = start(key.get(), SigningAlgorithm::Sm2, true);
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, sizeof msg) != 1) ossl::fail("SM2/SM3 signing fails");
    return true;
  } catch (const std::exception& e) {
    if (why) *why = e.what();
    return false;
  }
}

std::string public_key_fingerprint(const std::string& public_pem) {
  auto key = ossl::read_public_pem(public_pem, "public key");
  const auto der = ossl::public_der(key.get());
  return "sha256:" + ossl::to_hex(ossl::digest("SHA256", der));
}

SigningAlgorithm public_key_algorithm(const std::string& public_pem) {
  auto key = ossl::read_public_pem(public_pem, "public key");
  return algorithm_of(key.get(), "public key");
}

std::string evidence_key_id(std::span<const std::uint8_t> key) {
  std::vector<std::uint8_t> input;
  const std::string label = "facecert evidence key";
  input.insert(input.end(), label.begin(), label.end());
  input.insert(input.end(), key.begin(), key.end());
  auto d = ossl::digest("SHA256", input);
  d.resize(16);
  return ossl::to_hex(d);
}

std::vector<std::uint8_t> sign_bytes(const LabKeys& keys, std::span<const std::uint8_t> bytes) {
  auto key = ossl::read_private_pem(keys.private_pem, (keys.dir / kPrivateKeyFile).string());
  const SigningAlgorithm a = algorithm_of(key.get(), (keys.dir / kPrivateKeyFile).string());
  auto ctx = start(key.get(), a, true);
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, bytes.data(), bytes.size()) != 1) ossl::fail("signing");
  std::vector<std::uint8_t> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, bytes.data(), bytes.size()) != 1) ossl::fail("signing");
  sig.resize(len);
  return sig;
}

bool verify_signature(const std::string& public_pem, const std::string& algorithm,
                      std::span<const std::uint8_t> bytes, std::span<const std::uint8_t> signature) {
  auto key = ossl::read_public_pem(public_pem, "public key");
  const SigningAlgorithm a = algorithm_of(key.get(), "public key");
  if (algorithm != signature_algorithm(a))
    throw std::runtime_error(fmt::format("signature algorithm '{}' does not fit a {} key", algorithm, to_string(a)));
  auto ctx = start(key.get(), a, false);
  const int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), bytes.data(), bytes.size());
  ossl::last_error();  // a bad signature leaves an error queued: not for the next caller
  return rc == 1;
}

}  // namespace facecert::harness
