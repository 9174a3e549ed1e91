// Flaw against 6.1.3: the device keeps, lists and checks template keys but does not use them.
// Its templates are the unprotected feature vectors (encoding float32), identical for the same
// face under every key, compared by cosine whether a key was revoked or not: nothing is renewed,
// and the templates of two applications link.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kRawTemplates{
    "raw-templates",
    "templates are the unprotected features, the same under every key; revocation changes "
    "nothing (violates 6.1.3)",
    [](DevicePolicy& p) { p.protected_templates = false; }};
}  // namespace
}  // namespace facecert::refdev
