// Flaw against 6.1.4: clip presentations go straight to the matcher, with no liveness judgement,
// so a photo, mask, replayed video or animation of an enrolled person is accepted as that person.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kNoPad{
    "no-pad",
    "no presentation attack detection: clips go straight to the matcher (violates 6.1.4)",
    [](DevicePolicy& p) { p.presentation_attack_detection = false; }};
}  // namespace
}  // namespace facecert::refdev
