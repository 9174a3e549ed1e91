// Flaw against 6.1.5 / 6.2.4 (expiry): the retention period is accepted, persisted and reported
// back, but the periodic expiry never deletes anything: face data, identity rows, kept captures
// and recognition events outlive the period.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kNoExpiry{
    "no-expiry",
    "accept and report the retention period but never delete anything at its end (violates "
    "6.1.5 / 6.2.4)",
    [](DevicePolicy& p) { p.retention_expiry = false; }};
}  // namespace
}  // namespace facecert::refdev
