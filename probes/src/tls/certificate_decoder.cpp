// X.509 fields for the audit, decoded by OpenSSL (the DER comes off the wire: nothing is trusted).
#include <string>
#include <unordered_map>
#include <climits>
#include <memory>

#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "handshake_messages.h"

namespace facecert::probes::tls {
namespace {

std::string name_text(const X509_NAME* name) {
  if (name == nullptr) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(n)) : std::string{};
}

// ISO 8601 UTC text and epoch seconds; false for a time OpenSSL cannot read.
bool time_of(const ASN1_TIME* t, std::string& text, std::time_t& epoch) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return false;
  epoch = timegm(&tm);
  text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return true;
}

}  // namespace

TlsCertificate decode_certificate_uncached(std::span<const std::uint8_t> der) {
  TlsCertificate c;
  c.der_length = der.size();
  if (der.empty() || der.size() > static_cast<std::size_t>(LONG_MAX)) return c;
  const unsigned char* p = der.data();
  std::unique_ptr<X509, decltype(&X509_free)> x(
      d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
  if (!x) {
    ERR_clear_error();
    return c;
  }
  c.decoded = true;
  const X509_NAME* subject = X509_get_subject_name(x.get());
  const X509_NAME* issuer = X509_get_issuer_name(x.get());
  c.subject = name_text(subject);
  c.issuer = name_text(issuer);
  time_of(X509_get0_notBefore(x.get()), c.not_before, c.not_before_epoch);
  time_of(X509_get0_notAfter(x.get()), c.not_after, c.not_after_epoch);
  EVP_PKEY* key = X509_get0_pubkey(x.get());
  c.self_signed = subject != nullptr && issuer != nullptr && X509_NAME_cmp(subject, issuer) == 0 &&
                  key != nullptr && X509_verify(x.get(), key) == 1;
  ERR_clear_error();
  return c;
}

}  // namespace facecert::probes::tls

namespace facecert::probes::tls {

// A site has a handful of servers and every TLS 1.2 connection to one sends the same chain:
// decoding X.509 (OpenSSL d2i + text) once per distinct certificate, not per flow, was a fifth of
// the analysis time on a TLS-dominated capture (bench/traffic_throughput.sh).
TlsCertificate decode_certificate(std::span<const std::uint8_t> der) {
  constexpr std::size_t kMaxCached = 512;
  thread_local std::unordered_map<std::string, TlsCertificate> cache;
  std::string key(reinterpret_cast<const char*>(der.data()), der.size());
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  TlsCertificate c = decode_certificate_uncached(der);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), c);
  return c;
}

}  // namespace facecert::probes::tls
