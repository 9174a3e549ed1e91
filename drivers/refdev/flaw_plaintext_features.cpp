// Flaw against 7.0.encryption: the device has a clear-text "feature sync" service. Face templates
// are served on a second, plain-HTTP listener (advertised in deviceInfo as templateServiceUrl),
// while the rest of the API stays on TLS: the face features cross the network in clear text.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kPlaintextFeatures{
    "plaintext-features",
    "serve face templates on a plain-HTTP feature-sync listener (violates 7.0.encryption)",
    [](DevicePolicy& p) { p.plaintext_feature_service = true; }};
}  // namespace
}  // namespace facecert::refdev
