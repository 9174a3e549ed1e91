// The identity store (6.1.5: apart from the face store): SQLite DATA/identity.sqlite with one row
// per person: person id (FPID), name, ID number, and the opaque face id that links to the face store.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace facecert::refdev {

struct Identity {
  std::string person_id, name, id_number, face_id, created;
};

class IdentityStore {
 public:
  explicit IdentityStore(const std::filesystem::path& file);  // throws naming the file
  ~IdentityStore();
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  void add(const Identity& identity);
  bool remove(const std::string& person_id);  // false when unknown
  std::optional<Identity> find(const std::string& person_id) const;
  std::optional<Identity> find_by_face(const std::string& face_id) const;
  std::vector<Identity> list() const;
  std::vector<Identity> created_before(const std::string& iso_time) const;

 private:
  std::vector<Identity> query(const std::string& where, const std::string& arg) const;
  void exec(const std::string& sql, const std::vector<std::string>& args) const;
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  mutable std::mutex mu_;
};

}  // namespace facecert::refdev
