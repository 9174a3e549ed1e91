// Flaw against 6.1.5 / 6.2.4 (separation): face data and identity data in one record. The
// identity table gains a `face_image` BLOB column holding the enrolment image as received, and the
// face store's files are named after the person's ID number (<idNumber>-<random>.<ext>), as
// terminals keyed by employee number do. describe_storage/read_store report what is really there.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kMixedStorage{
    "mixed-storage",
    "keep the enrolment image in the identity table and name face files by ID number (violates "
    "6.1.5 / 6.2.4)",
    [](DevicePolicy& p) { p.separate_face_and_identity = false; }};
}  // namespace
}  // namespace facecert::refdev
