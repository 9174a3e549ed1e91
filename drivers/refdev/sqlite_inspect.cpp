#include "sqlite_inspect.h"

#include <sqlite3.h>

#include <stdexcept>

#include <fmt/format.h>

namespace facecert::refdev {
namespace {

class Query {
 public:
  Query(sqlite3* db, const std::filesystem::path& file, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      throw std::runtime_error(fmt::format("{}: {}", file.string(), sqlite3_errmsg(db)));
  }
  ~Query() { sqlite3_finalize(st_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  bool next() { return sqlite3_step(st_) == SQLITE_ROW; }
  sqlite3_stmt* get() const { return st_; }
  std::string text(int i) const {
    const auto* t = sqlite3_column_text(st_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(st_, i)))
             : std::string();
  }

 private:
  sqlite3_stmt* st_ = nullptr;
};

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

SqliteInspector::SqliteInspector(const std::filesystem::path& file) : file_(file) {
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("{}: cannot open: {}", file.string(), msg));
  }
  sqlite3_busy_timeout(db_, 2000);
}

SqliteInspector::~SqliteInspector() { sqlite3_close(db_); }

std::vector<std::string> SqliteInspector::tables() const {
  Query q(db_, file_,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
          "ORDER BY name");
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.text(0));
  return out;
}

std::vector<SqliteColumn> SqliteInspector::columns(const std::string& table) const {
  Query q(db_, file_, "PRAGMA table_info(" + quoted(table) + ")");
  std::vector<SqliteColumn> out;
  while (q.next()) out.push_back({q.text(1), q.text(2)});
  return out;
}

std::vector<StoredRecord> SqliteInspector::rows(const std::string& table) const {
  Query q(db_, file_, "SELECT * FROM " + quoted(table));  // storage order (rowid)
  std::vector<StoredRecord> out;
  while (q.next()) {
    StoredRecord record;
    const int n = sqlite3_column_count(q.get());
    for (int i = 0; i < n; ++i) {
      const std::string name = sqlite3_column_name(q.get(), i);
      switch (sqlite3_column_type(q.get(), i)) {
        case SQLITE_NULL: record.emplace_back(name, StoredValue::null()); break;
        case SQLITE_BLOB: {
          const auto* b = static_cast<const char*>(sqlite3_column_blob(q.get(), i));
          const auto size = static_cast<std::size_t>(sqlite3_column_bytes(q.get(), i));
          record.emplace_back(name, StoredValue::blob(b ? std::string(b, size) : std::string()));
          break;
        }
        default: record.emplace_back(name, StoredValue::text(q.text(i)));  // text, numbers
      }
    }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace facecert::refdev
