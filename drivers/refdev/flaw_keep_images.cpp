// Flaw against 6.1.2: every camera frame and ID document image received is written, byte for
// byte, under DATA/captures/ and listed in storage/media.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kKeepImages{
    "keep-images",
    "keep every camera frame and ID document image received under DATA/captures/ (violates 6.1.2)",
    [](DevicePolicy& p) { p.keep_capture_images = true; }};
}  // namespace
}  // namespace facecert::refdev
