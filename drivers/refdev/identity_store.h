// The identity store (6.1.5: apart from the face store): SQLite DATA/identity.sqlite with one row
// per person: person id (FPID), name, ID number, and the opaque face id that links to the face store.
// 6.1.2 / 6.1.5: deleted rows leave nothing behind: PRAGMA secure_delete=ON zeroes freed content,
// and the rollback journal (journal_mode=DELETE) is gone after each commit, no write-ahead log.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace facecert::refdev {

struct Identity {
  std::string person_id, name, id_number, face_id, created;
  std::string face_image;  // only with IdentityStoreOptions::face_image_column (a flaw)
};

// A person added by ISAPI UserInfo/Record has no face yet: face_id is then this prefix plus random
// hex (the column is NOT NULL UNIQUE), naming no file of the face store.
inline constexpr const char* kNoFacePrefix = "noface-";
inline bool has_face(const Identity& p) { return p.face_id.rfind(kNoFacePrefix, 0) != 0; }

struct IdentityStoreOptions {
  bool secure_delete = true;        // false (flaw unlink-only): secure_delete=OFF, journal_mode=WAL
  bool face_image_column = false;   // true (flaw mixed-storage): person.face_image BLOB
};

class IdentityStore {
 public:
  IdentityStore(const std::filesystem::path& file, IdentityStoreOptions options);  // throws naming the file
  ~IdentityStore();
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  void add(const Identity& identity);
  bool remove(const std::string& person_id);  // false when unknown
  // ISAPI UserInfo/Modify: new name and ID number; false when unknown.
  bool update(const std::string& person_id, const std::string& name, const std::string& id_number);
  // Links the person to a (new) face; `face_image` is written only with face_image_column.
  bool set_face(const std::string& person_id, const std::string& face_id,
                const std::string& face_image);
  std::optional<Identity> find(const std::string& person_id) const;
  std::optional<Identity> find_by_face(const std::string& face_id) const;
  std::vector<Identity> list() const;
  std::vector<Identity> created_before(const std::string& iso_time) const;

 private:
  struct Statement {
    sqlite3_stmt* s = nullptr;
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();
  };
  void prepare(Statement& st, const std::string& sql) const;
  std::vector<Identity> query(const std::string& where, const std::string& arg) const;
  void exec(const std::string& sql, const std::vector<std::string>& args) const;
  void exec_pragma(const std::string& sql) const;
  bool has_column(const std::string& column) const;
  std::filesystem::path file_;
  IdentityStoreOptions options_;
  sqlite3* db_ = nullptr;
  mutable std::mutex mu_;
};

}  // namespace facecert::refdev
