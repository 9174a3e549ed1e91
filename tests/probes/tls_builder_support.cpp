#include "probes/tls_builder_support.h"

#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace facecert::test {
namespace {

void put8(Bytes& b, std::size_t v) { b.push_back(static_cast<std::uint8_t>(v)); }
void put16(Bytes& b, std::size_t v) {
  put8(b, v >> 8);
  put8(b, v & 0xFF);
}
void put24(Bytes& b, std::size_t v) {
  put8(b, v >> 16);
  put16(b, v & 0xFFFF);
}
void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }

Bytes extension(std::uint16_t type, const Bytes& data) {
  Bytes e;
  put16(e, type);
  put16(e, data.size());
  append(e, data);
  return e;
}

Bytes u16_list(const std::vector<std::uint16_t>& v) {
  Bytes b;
  for (auto x : v) put16(b, x);
  return b;
}

}  // namespace

Bytes handshake(std::uint8_t type, const Bytes& body) {
  Bytes m = {type};
  put24(m, body.size());
  append(m, body);
  return m;
}

Bytes client_hello(const ClientHelloSpec& spec) {
  Bytes b;
  put16(b, spec.legacy_version);
  append(b, Bytes(32, 0x11));  // random
  put8(b, 32);
  append(b, Bytes(32, 0x22));  // session id
  const Bytes suites = u16_list(spec.suites);
  put16(b, suites.size());
  append(b, suites);
  append(b, {1, 0});  // compression: null
  Bytes ext;
  if (!spec.sni.empty()) {
    Bytes name = {0};
    put16(name, spec.sni.size());
    append(name, bytes_of(spec.sni));
    Bytes list;
    put16(list, name.size());
    append(list, name);
    append(ext, extension(0, list));
  }
  if (!spec.groups.empty()) {
    Bytes g;
    put16(g, spec.groups.size() * 2);
    append(g, u16_list(spec.groups));
    append(ext, extension(10, g));
  }
  if (!spec.supported_versions.empty()) {
    Bytes v;
    put8(v, spec.supported_versions.size() * 2);
    append(v, u16_list(spec.supported_versions));
    append(ext, extension(43, v));
  }
  put16(b, ext.size());
  append(b, ext);
  return handshake(1, b);
}

Bytes server_hello(std::uint16_t legacy_version, std::uint16_t suite,
                   std::optional<std::uint16_t> selected_version) {
  Bytes b;
  put16(b, legacy_version);
  append(b, Bytes(32, 0x33));
  put8(b, 32);
  append(b, Bytes(32, 0x22));
  put16(b, suite);
  put8(b, 0);
  if (selected_version) {
    Bytes v;
    put16(v, *selected_version);
    const Bytes e = extension(43, v);
    put16(b, e.size());
    append(b, e);
  }
  return handshake(2, b);
}

Bytes certificate_message(const std::vector<Bytes>& ders) {
  Bytes list;
  for (const auto& d : ders) {
    put24(list, d.size());
    append(list, d);
  }
  Bytes b;
  put24(b, list.size());
  append(b, list);
  return handshake(11, b);
}

Bytes server_hello_done() { return handshake(14, {}); }

Bytes records(std::uint8_t type, std::uint16_t version, const Bytes& payload, std::size_t max_fragment) {
  Bytes out;
  for (std::size_t off = 0; off < payload.size(); off += max_fragment) {
    const std::size_t n = std::min(max_fragment, payload.size() - off);
    out.push_back(type);
    put16(out, version);
    put16(out, n);
    out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(off),
               payload.begin() + static_cast<std::ptrdiff_t>(off + n));
  }
  return out;
}

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const auto& p : parts) append(out, p);
  return out;
}

TestCert make_certificate(const std::string& common_name, KeyKind kind, const TestCert* issuer,
                          std::time_t not_before, std::time_t not_after) {
  EVP_PKEY* key = kind == KeyKind::EcP256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                  : kind == KeyKind::Sm2  ? EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2")
                                          : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  if (key == nullptr) throw std::runtime_error("key generation failed");
  TestCert out;
  out.key.reset(key, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); });
  X509* x = X509_new();
  out.cert.reset(x, [](void* c) { X509_free(static_cast<X509*>(c)); });
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), static_cast<long>(common_name.size()) + 1000);
  ASN1_TIME_set(X509_getm_notBefore(x), not_before);
  ASN1_TIME_set(X509_getm_notAfter(x), not_after);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(static_cast<X509*>(issuer->cert.get())) : name);
  X509_set_pubkey(x, key);
  EVP_PKEY* signer = issuer ? static_cast<EVP_PKEY*>(issuer->key.get()) : key;
  const bool sm2 = EVP_PKEY_is_a(signer, "SM2") == 1;
  if (X509_sign(x, signer, sm2 ? EVP_sm3() : EVP_sha256()) <= 0)
    throw std::runtime_error("certificate signing failed");
  unsigned char* der = nullptr;
  const int n = i2d_X509(x, &der);
  if (n <= 0) throw std::runtime_error("certificate encoding failed");
  out.der.assign(der, der + n);
  OPENSSL_free(der);
  return out;
}

std::vector<Bytes> tcp_connection(const Bytes& c2s, const Bytes& s2c, std::size_t mss) {
  const std::string cl = "192.168.1.10", sv = "192.168.1.20";
  const std::uint16_t cp = 40000, sp = 443;
  std::vector<TcpSegment> segs = {{cl, sv, cp, sp, 100, 0, kSyn, {}},
                                  {sv, cl, sp, cp, 900, 101, kSyn | kAck, {}},
                                  {cl, sv, cp, sp, 101, 901, kAck, {}}};
  auto cut = [&](const Bytes& data, bool from_client) {
    for (std::size_t off = 0; off < data.size(); off += mss) {
      const auto end = std::min(data.size(), off + mss);
      Bytes part(data.begin() + static_cast<std::ptrdiff_t>(off),
                 data.begin() + static_cast<std::ptrdiff_t>(end));
      if (from_client)
        segs.push_back({cl, sv, cp, sp, static_cast<std::uint32_t>(101 + off), 901, kAck | kPsh, part});
      else
        segs.push_back({sv, cl, sp, cp, static_cast<std::uint32_t>(901 + off),
                        static_cast<std::uint32_t>(101 + c2s.size()), kAck | kPsh, part});
    }
  };
  cut(c2s, true);
  cut(s2c, false);
  std::vector<Bytes> frames;
  for (const auto& s : segs) frames.push_back(ethernet(ip_packet(s)));
  return frames;
}

}  // namespace facecert::test
