#include "sqlite_images.h"

#include <cctype>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <sqlite3.h>

namespace facecert::probes::carve {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

// immutable=1: no locks, no journal or WAL recovery, nothing written next to the evidence.
std::string uri_for(const std::filesystem::path& file) {
  std::string uri = "file:";
  for (const unsigned char c : std::filesystem::absolute(file).string()) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-') uri += static_cast<char>(c);
    else uri += fmt::format("%{:02X}", c);
  }
  return uri + "?immutable=1";
}

std::string quoted(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return nullptr;
  return Stmt(s);
}

std::vector<std::string> table_names(sqlite3* db) {
  std::vector<std::string> out;
  const Stmt s = prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  if (!s) return out;
  while (sqlite3_step(s.get()) == SQLITE_ROW)
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
  return out;
}

void carve_table(sqlite3* db, const std::string& table, const ScanLimits& limits, const HitSink& on_hit,
                 std::vector<std::string>& warnings, const std::filesystem::path& file) {
  bool with_rowid = true;
  Stmt s = prepare(db, fmt::format("SELECT rowid, * FROM {}", quoted(table)));
  if (!s) {  // WITHOUT ROWID tables: rows are numbered in scan order instead
    with_rowid = false;
    s = prepare(db, fmt::format("SELECT * FROM {}", quoted(table)));
  }
  if (!s) {
    warnings.push_back(fmt::format("{}: table {}: {}", file.string(), table, sqlite3_errmsg(db)));
    return;
  }
  const int first = with_rowid ? 1 : 0, columns = sqlite3_column_count(s.get());
  std::int64_t row = 0;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    ++row;
    const std::int64_t rowid = with_rowid ? sqlite3_column_int64(s.get(), 0) : row;
    for (int c = first; c < columns; ++c) {
      const int type = sqlite3_column_type(s.get(), c);
      if (type != SQLITE_BLOB && type != SQLITE_TEXT) continue;
      const void* data = type == SQLITE_BLOB ? sqlite3_column_blob(s.get(), c) : sqlite3_column_text(s.get(), c);
      const int size = sqlite3_column_bytes(s.get(), c);
      if (!data || size < 16) continue;
      const std::string where = fmt::format("sqlite:{}.{} rowid={}", table, sqlite3_column_name(s.get(), c), rowid);
      const MemorySource value({static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)}, where);
      scan_source(value, limits, [&](const ScanHit& h) {
        ScanHit named = h;
        named.container = h.container == "raw" ? where : where + " " + h.container;
        on_hit(named);
      });
    }
  }
  if (rc != SQLITE_DONE)
    warnings.push_back(fmt::format("{}: table {} row {}: {}", file.string(), table, row + 1, sqlite3_errmsg(db)));
}

}  // namespace

bool looks_like_sqlite(const ByteSource& source) {
  char head[16] = {};
  return source.read(0, reinterpret_cast<std::uint8_t*>(head), sizeof head) == sizeof head &&
         std::memcmp(head, "SQLite format 3", 16) == 0;
}

void carve_sqlite_values(const std::filesystem::path& db_file, const ScanLimits& limits, const HitSink& on_hit,
                         std::vector<std::string>& warnings) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(uri_for(db_file).c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  const Db db(raw);
  if (rc != SQLITE_OK) {
    warnings.push_back(fmt::format("{}: SQLite cannot open it ({}); only the raw scan applies", db_file.string(),
                                   raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    return;
  }
  const auto tables = table_names(db.get());
  if (tables.empty() && sqlite3_errcode(db.get()) != SQLITE_OK && sqlite3_errcode(db.get()) != SQLITE_DONE)
    warnings.push_back(fmt::format("{}: SQLite cannot read its schema ({}); only the raw scan applies",
                                   db_file.string(), sqlite3_errmsg(db.get())));
  for (const auto& t : tables) carve_table(db.get(), t, limits, on_hit, warnings, db_file);
}

}  // namespace facecert::probes::carve
