#include "template_key_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "audit_log.h"
#include "facecert/drivers/digest_auth.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kKeyIdHexChars = 16;
constexpr const char* kKeySuffix = ".key";

// Key ids come from requests: only our own shape may become a file name.
bool well_formed(const std::string& key_id) {
  return key_id.size() == kKeyIdHexChars &&
         std::all_of(key_id.begin(), key_id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

[[noreturn]] void fail(const fs::path& file, const char* what) {
  throw std::runtime_error(fmt::format("{}: cannot {}: {}", file.string(), what, std::strerror(errno)));
}

// Created 0600 from the start (never widened), written and flushed.
void write_secret_file(const fs::path& file, const TemplateSecret& secret) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) fail(file, "create the key file");
  const ssize_t n = ::write(fd, secret.data(), secret.size());
  const bool ok = n == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) fail(file, "write the key file");
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error(fmt::format("{}: cannot write", file.string()));
}

}  // namespace

TemplateKeyStore::TemplateKeyStore(fs::path dir, EraseMode erase) : dir_(std::move(dir)), erase_(erase) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot create the key store", dir_.string()));
  fs::permissions(dir_, fs::perms::owner_all, ec);
  std::lock_guard lock(mu_);
  default_id_ = first_line(dir_ / "default.id");
  if (!well_formed(default_id_) || !fs::exists(key_file(default_id_), ec)) {
    default_id_ = create_locked();
    write_text(dir_ / "default.id", default_id_ + "\n");
  }
}

fs::path TemplateKeyStore::key_file(const std::string& key_id) const { return dir_ / (key_id + kKeySuffix); }

std::string TemplateKeyStore::create_locked() {
  TemplateSecret secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
    throw std::runtime_error("template keys: RAND_bytes failed");
  const std::string id = drivers::digest::random_hex(kKeyIdHexChars / 2);
  write_secret_file(key_file(id), secret);
  return id;
}

std::string TemplateKeyStore::create() {
  std::lock_guard lock(mu_);
  return create_locked();
}

std::vector<std::string> TemplateKeyStore::revoked_locked() const {
  std::vector<std::string> ids;
  std::ifstream in(dir_ / "revoked.ids");
  for (std::string line; std::getline(in, line);)
    if (well_formed(line)) ids.push_back(line);
  return ids;
}

TemplateKeyStore::State TemplateKeyStore::state(const std::string& key_id) const {
  std::lock_guard lock(mu_);
  std::error_code ec;
  if (well_formed(key_id) && fs::exists(key_file(key_id), ec)) return State::Active;
  const auto revoked = revoked_locked();
  return std::find(revoked.begin(), revoked.end(), key_id) != revoked.end() ? State::Revoked
                                                                             : State::Unknown;
}

std::optional<TemplateSecret> TemplateKeyStore::secret(const std::string& key_id) const {
  if (!well_formed(key_id)) return std::nullopt;
  std::lock_guard lock(mu_);
  std::ifstream in(key_file(key_id), std::ios::binary);
  TemplateSecret s{};
  if (!in.read(reinterpret_cast<char*>(s.data()), static_cast<std::streamsize>(s.size())))
    return std::nullopt;
  return s;
}

bool TemplateKeyStore::revoke(const std::string& key_id) {
  std::lock_guard lock(mu_);
  std::error_code ec;
  if (!well_formed(key_id) || !fs::exists(key_file(key_id), ec)) return false;
  {
    std::ofstream out(dir_ / "revoked.ids", std::ios::app);
    out << key_id << "\n";
    if (!out.flush()) throw std::runtime_error(fmt::format("{}: cannot write", (dir_ / "revoked.ids").string()));
  }
  erase_file(key_file(key_id), erase_);
  if (key_id == default_id_) {  // rotation: the enrolled persons' templates move to a new key
    default_id_ = create_locked();
    write_text(dir_ / "default.id", default_id_ + "\n");
  }
  return true;
}

std::string TemplateKeyStore::default_key_id() const {
  std::lock_guard lock(mu_);
  return default_id_;
}

std::vector<TemplateKeyInfo> TemplateKeyStore::list() const {
  std::lock_guard lock(mu_);
  std::vector<TemplateKeyInfo> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().extension() != kKeySuffix) continue;
    const std::string id = e.path().stem().string();
    if (!well_formed(id)) continue;
    const auto when = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::file_clock::to_sys(e.last_write_time(ec)));
    out.push_back({id, iso8601(when), id == default_id_});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key_id < b.key_id; });
  return out;
}

}  // namespace facecert::refdev
