#include "identity_store.h"

#include <sqlite3.h>

#include <stdexcept>

#include <fmt/format.h>

namespace facecert::refdev {

IdentityStore::Statement::~Statement() { sqlite3_finalize(s); }

void IdentityStore::prepare(Statement& st, const std::string& sql) const {
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
}

IdentityStore::IdentityStore(const std::filesystem::path& file, IdentityStoreOptions options)
    : file_(file), options_(options) {
  if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("{}: cannot open: {}", file.string(), msg));
  }
  sqlite3_busy_timeout(db_, 2000);
  if (options_.secure_delete) {
    exec_pragma("PRAGMA secure_delete=ON");
    exec_pragma("PRAGMA journal_mode=DELETE");
  } else {  // flaw unlink-only
    exec_pragma("PRAGMA secure_delete=OFF");
    exec_pragma("PRAGMA journal_mode=WAL");
  }
  exec("CREATE TABLE IF NOT EXISTS person (person_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
       "id_number TEXT NOT NULL, face_id TEXT NOT NULL UNIQUE, created TEXT NOT NULL)",
       {});
  if (options_.face_image_column && !has_column("face_image"))  // flaw mixed-storage
    exec("ALTER TABLE person ADD COLUMN face_image BLOB", {});
}

// A pragma that answers with a row (secure_delete and journal_mode do).
void IdentityStore::exec_pragma(const std::string& sql) const {
  Statement st;
  prepare(st, sql);
  while (sqlite3_step(st.s) == SQLITE_ROW) {
  }
}

bool IdentityStore::has_column(const std::string& column) const {
  Statement st;
  prepare(st, "SELECT name FROM pragma_table_info('person')");
  while (sqlite3_step(st.s) == SQLITE_ROW)
    if (column == reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0))) return true;
  return false;
}

IdentityStore::~IdentityStore() { sqlite3_close(db_); }

void IdentityStore::exec(const std::string& sql, const std::vector<std::string>& args) const {
  Statement st;
  prepare(st, sql);
  for (std::size_t i = 0; i < args.size(); ++i)
    sqlite3_bind_text(st.s, static_cast<int>(i + 1), args[i].c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    throw std::runtime_error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
}

void IdentityStore::add(const Identity& p) {
  std::lock_guard lock(mu_);
  if (!options_.face_image_column) {
    exec("INSERT INTO person (person_id, name, id_number, face_id, created) VALUES (?, ?, ?, ?, ?)",
         {p.person_id, p.name, p.id_number, p.face_id, p.created});
    return;
  }
  Statement st;  // flaw mixed-storage: the enrolment image goes into the identity row
  prepare(st,
          "INSERT INTO person (person_id, name, id_number, face_id, created, face_image) "
          "VALUES (?, ?, ?, ?, ?, ?)");
  int i = 1;
  for (const auto* v : {&p.person_id, &p.name, &p.id_number, &p.face_id, &p.created})
    sqlite3_bind_text(st.s, i++, v->c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st.s, i, p.face_image.data(), static_cast<int>(p.face_image.size()),
                    SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    throw std::runtime_error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
}

bool IdentityStore::remove(const std::string& person_id) {
  std::lock_guard lock(mu_);
  exec("DELETE FROM person WHERE person_id = ?", {person_id});
  return sqlite3_changes(db_) > 0;
}

bool IdentityStore::update(const std::string& person_id, const std::string& name,
                           const std::string& id_number) {
  std::lock_guard lock(mu_);
  exec("UPDATE person SET name = ?, id_number = ? WHERE person_id = ?", {name, id_number, person_id});
  return sqlite3_changes(db_) > 0;
}

bool IdentityStore::set_face(const std::string& person_id, const std::string& face_id,
                             const std::string& face_image) {
  std::lock_guard lock(mu_);
  if (!options_.face_image_column) {
    exec("UPDATE person SET face_id = ? WHERE person_id = ?", {face_id, person_id});
    return sqlite3_changes(db_) > 0;
  }
  Statement st;  // flaw mixed-storage: the image goes into the identity row
  prepare(st, "UPDATE person SET face_id = ?, face_image = ? WHERE person_id = ?");
  sqlite3_bind_text(st.s, 1, face_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st.s, 2, face_image.data(), static_cast<int>(face_image.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 3, person_id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    throw std::runtime_error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
  return sqlite3_changes(db_) > 0;
}

std::vector<Identity> IdentityStore::query(const std::string& where,
                                           const std::string& arg) const {
  std::lock_guard lock(mu_);
  Statement st;
  const std::string sql =
      "SELECT person_id, name, id_number, face_id, created FROM person " + where +
      " ORDER BY created, person_id";
  prepare(st, sql);
  if (!where.empty()) sqlite3_bind_text(st.s, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<Identity> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) {
    const auto col = [&](int i) {
      const auto* t = sqlite3_column_text(st.s, i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    out.push_back({col(0), col(1), col(2), col(3), col(4), {}});  // the image is never read back here
  }
  return out;
}

std::optional<Identity> IdentityStore::find(const std::string& person_id) const {
  auto v = query("WHERE person_id = ?", person_id);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Identity> IdentityStore::find_by_face(const std::string& face_id) const {
  auto v = query("WHERE face_id = ?", face_id);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Identity> IdentityStore::list() const { return query("", ""); }

}  // namespace facecert::refdev

namespace facecert::refdev {
std::vector<Identity> IdentityStore::created_before(const std::string& iso_time) const {
  return query("WHERE created < ?", iso_time);
}
}  // namespace facecert::refdev
