// Where the device keeps data (storage/stores) and every record read back (storage/records), found
// by looking at DATA as it is on disk, not from a list kept on the side: each top-level folder is
// a "directory" store (a record per file), each table of each *.sqlite file a "sqlite-table" store
// (columns from PRAGMA table_info), audit.log / settings.json / serial.txt "file" stores, and the
// recognition events a "memory" store. What a store holds (6.1.5 / 6.2.4: face data and identity
// data apart) is "face", "identity", "face+identity", "capture", "event", "settings",
// "credentials" or "unknown"; for a table it follows from its columns (table_holds()).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sqlite_inspect.h"
#include "stored_value.h"

namespace facecert::refdev {

class Device;

struct StoreDescription {
  std::string name, holds, location_kind, location;
  std::vector<std::string> fields;
};
nlohmann::json to_json(const StoreDescription& d);

struct Store {
  StoreDescription about;
  std::function<std::vector<StoredRecord>()> read;  // every record, read when called
};

std::vector<Store> storage_catalog(Device& device);

// A table holds identity data when a column is a person's name or ID number, face data when a
// column is binary (BLOB) or named for an image, template or feature; "face+identity" when both.
std::string table_holds(const std::vector<SqliteColumn>& columns);

}  // namespace facecert::refdev
