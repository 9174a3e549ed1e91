// The cipher-suite table. Properties are derived from the registered names so a suite's class
// cannot drift from its name. GM codes follow /work/shared/design/field-notes.md (GM/T 0024; some
// public tables swap 0xE011 and 0xE013).
#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "facecert/probes/tls_cipher_suites.h"

namespace facecert::probes {
namespace {

struct Entry {
  std::uint16_t code;
  std::string_view name;
};

constexpr std::array kSuites = std::to_array<Entry>({
    {0x0000, "TLS_NULL_WITH_NULL_NULL"},
    {0x0001, "TLS_RSA_WITH_NULL_MD5"},
    {0x0002, "TLS_RSA_WITH_NULL_SHA"},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA"},
    {0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA"},
    {0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA"},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    {0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"},
    {0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256"},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"},
    {0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384"},
    {0x00C6, "TLS_SM4_GCM_SM3"},  // RFC 8998
    {0x00C7, "TLS_SM4_CCM_SM3"},  // RFC 8998
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    {0x5600, "TLS_FALLBACK_SCSV"},
    {0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA"},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA"},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA"},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"},
    {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA"},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    {0xC015, "TLS_ECDH_anon_WITH_NULL_SHA"},
    {0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA"},
    {0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"},
    {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"},
    {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    // GM/T 0024 SM1 suites (the field notes give the range 0xE001-0xE00A).
    {0xE001, "ECDHE_SM1_SM3"},
    {0xE003, "ECC_SM1_SM3"},
    {0xE005, "IBSDH_SM1_SM3"},
    {0xE007, "IBC_SM1_SM3"},
    {0xE009, "RSA_SM1_SM3"},
    {0xE00A, "RSA_SM1_SHA1"},
    // GM/T 0024 / GB/T 38636 SM4 suites, exactly as in the field notes.
    {0xE011, "ECDHE_SM4_CBC_SM3"},
    {0xE013, "ECC_SM4_CBC_SM3"},
    {0xE015, "IBSDH_SM4_CBC_SM3"},
    {0xE017, "IBC_SM4_CBC_SM3"},
    {0xE019, "RSA_SM4_CBC_SM3"},
    {0xE01C, "RSA_SM4_CBC_SHA256"},
    {0xE051, "ECDHE_SM4_GCM_SM3"},
    {0xE053, "ECC_SM4_GCM_SM3"},
    {0xE055, "IBSDH_SM4_GCM_SM3"},
    {0xE057, "IBC_SM4_GCM_SM3"},
    {0xE059, "RSA_SM4_GCM_SM3"},
    {0xE05A, "RSA_SM4_GCM_SHA256"},
});

bool has(std::string_view name, std::string_view part) { return name.find(part) != std::string_view::npos; }

// Weakness named by the first matching primitive, strongest reason first.
std::string weakness(std::string_view n) {
  if (has(n, "_anon_")) return "anonymous key exchange";
  if (has(n, "EXPORT")) return "EXPORT";
  if (has(n, "NULL")) return "NULL encryption";
  if (has(n, "RC4")) return "RC4";
  if (has(n, "3DES")) return "3DES";
  if (has(n, "DES")) return "DES";
  return {};
}

void classify(CipherSuiteInfo& s) {
  const std::string_view n = s.name;
  s.signalling = n.ends_with("_SCSV");
  s.gm = has(n, "SM4") || has(n, "SM1");
  // TLS 1.3 suites name no key exchange: it is always (EC)DHE. TLCP ECDHE_* is ephemeral SM2.
  const bool tls13 = n.starts_with("TLS_") && !has(n, "_WITH_") && !s.signalling;
  s.forward_secrecy = tls13 || has(n, "ECDHE_") || has(n, "DHE_");
  s.weak_reason = weakness(n);
  s.weak = !s.weak_reason.empty();
  s.cbc_sha1 = has(n, "_CBC_") && (n.ends_with("_SHA") || n.ends_with("_SHA1"));
}

}  // namespace

std::string CipherSuiteInfo::code_text() const { return fmt::format("0x{:04X}", code); }

CipherSuiteInfo cipher_suite_info(std::uint16_t code) {
  CipherSuiteInfo s;
  s.code = code;
  const auto it = std::find_if(kSuites.begin(), kSuites.end(), [&](const Entry& e) { return e.code == code; });
  if (it != kSuites.end()) {
    s.known = true;
    s.name = it->name;
    classify(s);
  } else if ((code & 0xFF00) == 0xE000 || (code & 0xFF00) == 0xE100) {
    s.name = "non-standard GM suite";
    s.gm = true;
  } else {
    s.name = "unknown";
  }
  return s;
}

}  // namespace facecert::probes
