#include "tls_messages.h"

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace facecert::capgen {
namespace {

void u8(std::string& b, unsigned v) { b.push_back(static_cast<char>(v & 0xFF)); }
void u16(std::string& b, unsigned v) { u8(b, v >> 8); u8(b, v); }
void u24(std::string& b, unsigned v) { u8(b, v >> 16); u16(b, v & 0xFFFF); }

// Wraps `body` with a length prefix of `bytes` bytes.
std::string with_len(std::string_view body, int bytes) {
  std::string out;
  const auto n = static_cast<unsigned>(body.size());
  if (bytes == 1) u8(out, n);
  else if (bytes == 2) u16(out, n);
  else u24(out, n);
  out.append(body);
  return out;
}

std::string extension(unsigned type, std::string_view body) {
  std::string out;
  u16(out, type);
  out += with_len(body, 2);
  return out;
}

std::string handshake(unsigned type, std::string_view body) {
  std::string out;
  u8(out, type);
  out += with_len(body, 3);
  return out;
}

std::string record(unsigned type, unsigned version, std::string_view body) {
  std::string out;
  u8(out, type);
  u16(out, version);
  out += with_len(body, 2);
  return out;
}

std::string random_bytes(Rng& rng, std::size_t n) {
  std::string s;
  rng.append(s, n);
  return s;
}

std::string app_data(Rng& rng, std::size_t n) { return record(0x17, 0x0303, random_bytes(rng, n)); }

}  // namespace

std::string tls_client_hello(Rng& rng, std::string_view sni, bool tls13) {
  std::string body;
  u16(body, 0x0303);
  body += random_bytes(rng, 32);
  body += with_len(random_bytes(rng, 32), 1);  // legacy session id
  std::string suites;
  for (unsigned s : {0x1301u, 0x1302u, 0x1303u, 0xC02Bu, 0xC02Fu, 0xC02Cu, 0xC030u, 0xCCA9u, 0xCCA8u,
                     0xC013u, 0xC014u, 0x009Cu, 0x009Du, 0x002Fu, 0x0035u})
    if (tls13 || s > 0x1303u) u16(suites, s);
  body += with_len(suites, 2);
  body += with_len(std::string(1, '\0'), 1);  // null compression

  std::string ext;
  std::string name;
  u8(name, 0);
  name += with_len(sni, 2);
  ext += extension(0x0000, with_len(name, 2));                              // server_name
  ext += extension(0x0017, "");                                             // extended_master_secret
  ext += extension(0xFF01, std::string(1, '\0'));                           // renegotiation_info
  std::string groups;
  for (unsigned g : {0x001Du, 0x0017u, 0x0018u}) u16(groups, g);
  ext += extension(0x000A, with_len(groups, 2));                            // supported_groups
  ext += extension(0x000B, with_len(std::string(1, '\0'), 1));              // ec_point_formats
  std::string sigs;
  for (unsigned s : {0x0403u, 0x0804u, 0x0401u, 0x0503u, 0x0805u, 0x0501u, 0x0806u, 0x0601u, 0x0807u})
    u16(sigs, s);
  ext += extension(0x000D, with_len(sigs, 2));                              // signature_algorithms
  std::string alpn = with_len("h2", 1) + with_len("http/1.1", 1);
  ext += extension(0x0010, with_len(alpn, 2));                              // ALPN
  if (tls13) {
    std::string versions;
    u16(versions, 0x0304);
    u16(versions, 0x0303);
    ext += extension(0x002B, with_len(versions, 1));                        // supported_versions
    ext += extension(0x002D, with_len(std::string(1, '\1'), 1));            // psk_dhe_ke
    std::string share;
    u16(share, 0x001D);
    share += with_len(random_bytes(rng, 32), 2);
    ext += extension(0x0033, with_len(share, 2));                           // key_share
  }
  body += with_len(ext, 2);
  return record(0x16, 0x0301, handshake(1, body));
}

std::string tls13_server_flight(Rng& rng) {
  std::string body;
  u16(body, 0x0303);
  body += random_bytes(rng, 32);
  body += with_len(random_bytes(rng, 32), 1);
  u16(body, 0x1301);
  u8(body, 0);
  std::string ext;
  std::string v;
  u16(v, 0x0304);
  ext += extension(0x002B, v);
  std::string share;
  u16(share, 0x001D);
  share += with_len(random_bytes(rng, 32), 2);
  ext += extension(0x0033, share);
  body += with_len(ext, 2);
  std::string out = record(0x16, 0x0303, handshake(2, body));
  out += record(0x14, 0x0303, std::string(1, '\1'));
  // EncryptedExtensions, Certificate, CertificateVerify, Finished: one or two encrypted records.
  out += app_data(rng, 2000 + rng.below(2500));
  out += app_data(rng, 53 + rng.below(300));
  return out;
}

std::string tls13_client_finished(Rng& rng) {
  return record(0x14, 0x0303, std::string(1, '\1')) + app_data(rng, 53);
}

std::string tls12_server_flight(Rng& rng, std::string_view certificate_der) {
  std::string hello;
  u16(hello, 0x0303);
  hello += random_bytes(rng, 32);
  hello += with_len(random_bytes(rng, 32), 1);
  u16(hello, 0xC02B);
  u8(hello, 0);
  std::string ext = extension(0xFF01, std::string(1, '\0')) + extension(0x0017, "") +
                    extension(0x000B, with_len(std::string(1, '\0'), 1));
  hello += with_len(ext, 2);

  const std::string certs = with_len(with_len(certificate_der, 3), 3);

  std::string ske;
  u8(ske, 3);  // named_curve
  u16(ske, 0x001D);
  ske += with_len(random_bytes(rng, 32), 1);
  u16(ske, 0x0807);  // ed25519
  ske += with_len(random_bytes(rng, 64), 2);

  const std::string flight = handshake(2, hello) + handshake(11, certs) + handshake(12, ske) + handshake(14, "");
  return record(0x16, 0x0303, flight);
}

std::string tls12_client_finish(Rng& rng) {
  std::string cke = with_len(random_bytes(rng, 32), 1);
  return record(0x16, 0x0303, handshake(16, cke)) + record(0x14, 0x0303, std::string(1, '\1')) +
         record(0x16, 0x0303, random_bytes(rng, 40));
}

std::string tls12_server_finish(Rng& rng) {
  return record(0x14, 0x0303, std::string(1, '\1')) + record(0x16, 0x0303, random_bytes(rng, 40));
}

std::string self_signed_certificate(std::uint64_t seed, const std::string& common_name) {
  Rng rng(seed ^ 0xCE27ull);
  unsigned char priv[32];
  rng.fill(priv, sizeof priv);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, priv, sizeof priv), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
  if (!key || !x) throw std::runtime_error("OpenSSL: cannot make the Ed25519 key or certificate");
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), static_cast<long>(1 + (seed % 1000000)));
  const time_t not_before = 1704067200;  // 2024-01-01: fixed, so the bytes do not depend on today
  ASN1_TIME_set(X509_getm_notBefore(x.get()), not_before);
  ASN1_TIME_set(X509_getm_notAfter(x.get()), not_before + 10 * 365 * 86400);
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("facecert capgen (synthetic)"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  X509_set_pubkey(x.get(), key.get());
  if (X509_sign(x.get(), key.get(), nullptr) <= 0) throw std::runtime_error("OpenSSL: cannot sign the certificate");
  const int n = i2d_X509(x.get(), nullptr);
  if (n <= 0) throw std::runtime_error("OpenSSL: cannot encode the certificate");
  std::string der(static_cast<std::size_t>(n), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(x.get(), &p);
  return der;
}

}  // namespace facecert::capgen
