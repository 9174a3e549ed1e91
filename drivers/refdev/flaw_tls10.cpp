// Flaw against 7.0.encryption: the API is served over TLS 1.0 only, with ECDHE-ECDSA-AES128-SHA
// (CBC with SHA-1), as old terminals do. Encrypted, but below the TLS 1.2 floor.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kTls10{
    "tls10",
    "serve the API over TLS 1.0 only with a CBC/SHA-1 suite (violates 7.0.encryption)",
    [](DevicePolicy& p) { p.legacy_tls10 = true; }};
}  // namespace
}  // namespace facecert::refdev
