// Reading an SQLite database as it is: its tables, their columns (PRAGMA table_info, the real
// schema, never a list kept on the side) and every row. Opened read-only on its own connection.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "stored_value.h"

struct sqlite3;

namespace facecert::refdev {

struct SqliteColumn {
  std::string name;
  std::string declared_type;  // as in CREATE TABLE, e.g. "TEXT", "BLOB"
};

class SqliteInspector {
 public:
  explicit SqliteInspector(const std::filesystem::path& file);  // throws naming the file
  ~SqliteInspector();
  SqliteInspector(const SqliteInspector&) = delete;
  SqliteInspector& operator=(const SqliteInspector&) = delete;

  std::vector<std::string> tables() const;  // user tables, by name
  std::vector<SqliteColumn> columns(const std::string& table) const;
  std::vector<StoredRecord> rows(const std::string& table) const;  // in storage order

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

}  // namespace facecert::refdev
