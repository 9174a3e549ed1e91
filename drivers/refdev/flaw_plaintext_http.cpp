// Flaw: the API (credentials, face images, identity data) travels without TLS.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kPlaintextHttp{
    "plaintext-http", "serve the API over plain HTTP, no TLS at all",
    [](DevicePolicy& p) { p.tls = false; }};
}  // namespace
}  // namespace facecert::refdev
