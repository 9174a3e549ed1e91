// Images in SQLite databases, read through SQLite itself (read-only, immutable): every BLOB and
// TEXT value of every table is carved like a small file, so an image stored as a blob, a base64
// string or inside a JSON document is found and named by table, column and rowid (6.1.2, 6.1.5:
// where face data lives). Images in freed pages are left to the raw scan of the file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "stream_scan.h"

namespace facecert::probes::carve {

bool looks_like_sqlite(const ByteSource& source);

// Hits carry container "sqlite:TABLE.COLUMN rowid=N" (plus " base64" / " exif-thumbnail") and
// their offset within the value. A database SQLite cannot read is a warning.
void carve_sqlite_values(const std::filesystem::path& db, const ScanLimits& limits, const HitSink& on_hit,
                         std::vector<std::string>& warnings);

}  // namespace facecert::probes::carve
