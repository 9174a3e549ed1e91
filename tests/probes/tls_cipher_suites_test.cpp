// The cipher-suite table: names, the GM codes of the field notes, and the classification.
#include <gtest/gtest.h>

#include "facecert/probes/tls_cipher_suites.h"
#include "facecert/probes/tls_handshake.h"

namespace facecert::probes {
namespace {

TEST(TlsCipherSuites, GmCodesFollowTheFieldNotes) {
  EXPECT_EQ(cipher_suite_info(0xE011).name, "ECDHE_SM4_CBC_SM3");
  EXPECT_TRUE(cipher_suite_info(0xE011).forward_secrecy);
  EXPECT_EQ(cipher_suite_info(0xE013).name, "ECC_SM4_CBC_SM3");
  EXPECT_FALSE(cipher_suite_info(0xE013).forward_secrecy);  // SM2 key transport
  EXPECT_FALSE(cipher_suite_info(0xE013).weak);
  EXPECT_EQ(cipher_suite_info(0xE053).name, "ECC_SM4_GCM_SM3");
  EXPECT_EQ(cipher_suite_info(0xE01C).name, "RSA_SM4_CBC_SHA256");
  EXPECT_EQ(cipher_suite_info(0xE05A).name, "RSA_SM4_GCM_SHA256");
  EXPECT_TRUE(cipher_suite_info(0xE013).gm);
  const auto odd = cipher_suite_info(0xE0F0);
  EXPECT_EQ(odd.name, "non-standard GM suite");
  EXPECT_TRUE(odd.gm);
  EXPECT_FALSE(odd.known);
  EXPECT_EQ(cipher_suite_info(0xE101).name, "non-standard GM suite");
  EXPECT_EQ(cipher_suite_info(0x00C6).name, "TLS_SM4_GCM_SM3");
  EXPECT_TRUE(cipher_suite_info(0x00C6).forward_secrecy);
  EXPECT_EQ(cipher_suite_info(0x00C7).name, "TLS_SM4_CCM_SM3");
}

TEST(TlsCipherSuites, ClassifiesCommonIanaSuites) {
  for (std::uint16_t c = 0x1301; c <= 0x1305; ++c) {
    EXPECT_TRUE(cipher_suite_info(c).known) << c;
    EXPECT_TRUE(cipher_suite_info(c).forward_secrecy) << c;
    EXPECT_FALSE(cipher_suite_info(c).weak) << c;
  }
  const auto gcm = cipher_suite_info(0xC02B);
  EXPECT_TRUE(gcm.forward_secrecy);
  EXPECT_FALSE(gcm.weak || gcm.cbc_sha1);
  EXPECT_EQ(gcm.code_text(), "0xC02B");
  const auto rsa_cbc = cipher_suite_info(0x002F);
  EXPECT_FALSE(rsa_cbc.forward_secrecy);
  EXPECT_TRUE(rsa_cbc.cbc_sha1);
  EXPECT_FALSE(rsa_cbc.weak);
  EXPECT_FALSE(cipher_suite_info(0x003C).cbc_sha1);  // CBC with SHA-256
  EXPECT_TRUE(cipher_suite_info(0xCCA8).forward_secrecy);
  EXPECT_TRUE(cipher_suite_info(0x009E).forward_secrecy);  // DHE
  EXPECT_FALSE(cipher_suite_info(0xC004).forward_secrecy);  // static ECDH
  EXPECT_EQ(cipher_suite_info(0x0005).weak_reason, "RC4");
  EXPECT_EQ(cipher_suite_info(0x000A).weak_reason, "3DES");
  EXPECT_EQ(cipher_suite_info(0x0009).weak_reason, "DES");
  EXPECT_EQ(cipher_suite_info(0x0002).weak_reason, "NULL encryption");
  EXPECT_EQ(cipher_suite_info(0x0008).weak_reason, "EXPORT");
  EXPECT_EQ(cipher_suite_info(0x0034).weak_reason, "anonymous key exchange");
  EXPECT_EQ(cipher_suite_info(0xC018).weak_reason, "anonymous key exchange");
  EXPECT_TRUE(cipher_suite_info(0x00FF).signalling);
  EXPECT_EQ(cipher_suite_info(0x1234).name, "unknown");
}

TEST(TlsCipherSuites, VersionNames) {
  EXPECT_EQ(tls_version_name(0x0300), "SSL 3.0");
  EXPECT_EQ(tls_version_name(0x0301), "TLS 1.0");
  EXPECT_EQ(tls_version_name(0x0302), "TLS 1.1");
  EXPECT_EQ(tls_version_name(0x0304), "TLS 1.3");
  EXPECT_EQ(tls_version_name(0x0101), "TLCP 1.1");
  EXPECT_EQ(tls_version_name(0x7f1c), "0x7f1c");
}

}  // namespace
}  // namespace facecert::probes
