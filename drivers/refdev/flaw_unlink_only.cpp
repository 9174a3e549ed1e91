// Flaw against 6.1.2 / 6.1.5 (deletion): deleted files are only unlinked, never overwritten, and
// the identity database runs with secure_delete=OFF in WAL mode, so a deleted person's name and
// ID number stay in the database's free space and write-ahead log, found by carving the dump.
#include "flaws.h"

namespace facecert::refdev {
namespace {
const FlawRegistration kUnlinkOnly{
    "unlink-only",
    "delete by unlinking only: no overwrite, SQLite secure_delete off, WAL kept (violates 6.1.2 / "
    "6.1.5)",
    [](DevicePolicy& p) { p.erase_before_unlink = false; }};
}  // namespace
}  // namespace facecert::refdev
