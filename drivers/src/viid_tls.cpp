#include "viid_tls.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace facecert::drivers::viid {
namespace ssl = boost::asio::ssl;
namespace {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free(p); } };

void extend(X509* cert, int nid, const char* value) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
  if (!ext) throw std::runtime_error("tls: cannot build a certificate extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

std::string pem_of(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// PEM certificate and key of a fresh self-signed identity, valid from an hour ago for 30 days.
std::pair<std::string, std::string> self_signed_pem() {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  if (!key) throw std::runtime_error("tls: cannot generate an ECDSA P-256 key");
  std::unique_ptr<X509, X509Free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) throw std::runtime_error("tls: no random serial");
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("facecert-viid"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  extend(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,IP:::1");
  extend(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  extend(cert.get(), NID_ext_key_usage, "serverAuth");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
    throw std::runtime_error("tls: cannot sign the self-signed certificate");
  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new(BIO_s_mem())), key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("tls: cannot encode the self-signed certificate");
  return {pem_of(cert_bio.get()), pem_of(key_bio.get())};
}

}  // namespace

ssl::context make_tls_context(const std::string& cert_file, const std::string& key_file) {
  if (cert_file.empty() != key_file.empty())
    throw std::runtime_error("tls: give both --cert and --key, or neither");
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
  // TLS 1.2: ECDHE key exchange with an AEAD cipher only (TLS 1.3 suites are all of that kind).
  if (SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1)
    throw std::runtime_error("tls: cipher list rejected");
  boost::system::error_code ec;
  if (cert_file.empty()) {
    const auto [cert_pem, key_pem] = self_signed_pem();
    ctx.use_certificate_chain(boost::asio::buffer(cert_pem), ec);
    if (!ec) ctx.use_private_key(boost::asio::buffer(key_pem), ssl::context::pem, ec);
    if (ec) throw std::runtime_error(fmt::format("tls: self-signed identity rejected: {}", ec.message()));
    return ctx;
  }
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot use the certificate: {}", cert_file, ec.message()));
  ctx.use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot use the private key: {}", key_file, ec.message()));
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error(fmt::format("{}: the key does not match {}", key_file, cert_file));
  return ctx;
}

}  // namespace facecert::drivers::viid
