// Cipher-suite names and what they mean for 7.0: forward secrecy, weak primitives, CBC with SHA-1.
#pragma once

#include <cstdint>
#include <string>

namespace facecert::probes {

struct CipherSuiteInfo {
  std::uint16_t code = 0;
  std::string name;              // IANA / GM/T 0024 name; "non-standard GM suite" or "unknown"
  bool known = false;            // in the table
  bool signalling = false;       // an SCSV, not a real suite
  bool gm = false;               // ShangMi (TLCP or RFC 8998)
  bool forward_secrecy = false;  // ECDHE / DHE / TLS 1.3 / TLCP ECDHE_*
  bool weak = false;             // NULL, EXPORT, RC4, DES/3DES, anonymous
  std::string weak_reason;       // "RC4", "3DES", ...
  bool cbc_sha1 = false;         // CBC mode with a SHA-1 MAC (Lucky13-class, deprecated)
  std::string code_text() const;  // "0xC02B"
};

CipherSuiteInfo cipher_suite_info(std::uint16_t code);

}  // namespace facecert::probes
