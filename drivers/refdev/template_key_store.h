// The template protection keys (6.1.3 renewability), kept apart from the templates and the faces:
// DATA/keys/ (folder 0700), one file a key, <keyId>.key, holding the 32 random bytes of the
// secret (OpenSSL RAND_bytes), mode 0600 from creation. DATA/keys/default.id names the key the
// templates of enrolled persons are exported under (made at first start), DATA/keys/revoked.ids
// the revoked key ids (ids only, so a revoked key is told apart from one that never was).
// Revoking a key erases its file (secure_erase.h): nothing made under it can be made or matched
// again. Revoking the default key makes a new default key (key rotation). The storage dump
// leaves keys/ out; the storage catalog lists key ids, never secrets.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "biohash.h"
#include "secure_erase.h"

namespace facecert::refdev {

struct TemplateKeyInfo {
  std::string key_id;
  std::string created;  // ISO 8601
  bool is_default = false;
};

class TemplateKeyStore {
 public:
  enum class State { Active, Revoked, Unknown };

  TemplateKeyStore(std::filesystem::path dir, EraseMode erase);
  std::string create();                // a new key; returns its id
  State state(const std::string& key_id) const;
  // The secret of an active key; nullopt when revoked or unknown.
  std::optional<TemplateSecret> secret(const std::string& key_id) const;
  // Erases the key's file and records it revoked; false when it is not active.
  bool revoke(const std::string& key_id);
  std::string default_key_id() const;
  std::vector<TemplateKeyInfo> list() const;  // active keys, by id
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path key_file(const std::string& key_id) const;
  std::string create_locked();
  std::vector<std::string> revoked_locked() const;

  std::filesystem::path dir_;
  EraseMode erase_;
  std::string default_id_;
  mutable std::mutex mu_;
};

}  // namespace facecert::refdev
