// The lab's key folder: making, loading and finding it (lab_keys.h).
#include "facecert/harness/lab_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "openssl_util.h"

namespace facecert::harness {
namespace {

constexpr std::size_t kEvidenceKeyBytes = 32;  // AES-256

// Writes a file readable by its owner only (0600), replacing any file there.
void write_private_file(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot write: {}", file.string(), std::strerror(errno)));
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) throw std::runtime_error(fmt::format("{}: cannot write: {}", file.string(), std::strerror(errno)));
}

void write_private_file(const std::filesystem::path& file, const std::string& text) {
  write_private_file(file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read (run `facecert keys init`?)", file.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ossl::Ptr<EVP_PKEY> generate(SigningAlgorithm a) {
  if (a == SigningAlgorithm::Sm2) {
    std::string why;
    if (!sm2_supported(&why)) throw std::runtime_error("SM2 is not available in this OpenSSL: " + why);
    ossl::Ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
    if (!key) ossl::fail("cannot make an SM2 key");
    return key;
  }
  ossl::Ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) ossl::fail("cannot make an ECDSA P-256 key");
  return key;
}

// Makes the folder (and its parents); `owner_only` sets it to 0700.
void make_private_dir(const std::filesystem::path& dir, bool owner_only) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));
  if (!owner_only) return;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot set mode 0700: {}", dir.string(), ec.message()));
}

KeysExist made_meanwhile(const std::filesystem::path& dir) {
  return KeysExist(fmt::format("{}: lab keys are already there (made at the same time by another run)", dir.string()));
}

// Hard-links the staged key files into a folder that holds other files, the private key first and
// only where there is none: of two runs at once, the second stops there.
void link_into(const std::filesystem::path& staging, const std::filesystem::path& dir) {
  for (const char* f : {kPrivateKeyFile, kPublicKeyFile, kFingerprintFile, kEvidenceKeyFile}) {
    if (::link((staging / f).c_str(), (dir / f).c_str()) == 0) continue;
    const int err = errno;
    if (err == EEXIST && std::string_view(f) == kPrivateKeyFile) throw made_meanwhile(dir);
    throw std::runtime_error(fmt::format("{}: cannot write: {}", (dir / f).string(), std::strerror(err)));
  }
}

std::atomic<unsigned> staging_counter{0};  // staging folders of one process's threads differ

}  // namespace

std::filesystem::path default_keys_dir() {
  if (const char* env = std::getenv("FACECERT_KEYS"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".config" / "facecert" / "keys";
}

bool lab_keys_exist(const std::filesystem::path& dir) {
  for (const char* f : {kPrivateKeyFile, kPublicKeyFile, kFingerprintFile, kEvidenceKeyFile})
    if (std::filesystem::exists(dir / f)) return true;
  return false;
}

LabKeys init_lab_keys(const std::filesystem::path& dir, SigningAlgorithm algorithm, bool force) {
  if (!force && lab_keys_exist(dir))
    throw KeysExist(fmt::format("{}: lab keys are already there (--force replaces them; runs signed "
                                "or encrypted with the old keys then need the old keys kept elsewhere)",
                                dir.string()));
  auto key = generate(algorithm);
  LabKeys k;
  k.dir = dir;
  k.algorithm = algorithm;
  k.private_pem = ossl::write_private_pem(key.get());
  k.public_pem = ossl::write_public_pem(key.get());
  k.fingerprint = public_key_fingerprint(k.public_pem);
  k.evidence_key.resize(kEvidenceKeyBytes);
  if (RAND_priv_bytes(k.evidence_key.data(), static_cast<int>(k.evidence_key.size())) != 1)
    ossl::fail("cannot draw the evidence key");
  k.evidence_key_id = evidence_key_id(k.evidence_key);

  const auto write_all = [&k](const std::filesystem::path& to) {
    write_private_file(to / kPrivateKeyFile, k.private_pem);
    write_private_file(to / kPublicKeyFile, k.public_pem);
    write_private_file(to / kFingerprintFile, k.fingerprint + "\n");
    write_private_file(to / kEvidenceKeyFile, k.evidence_key);
  };
  if (force) {  // the user replaces the keys on purpose, in place
    make_private_dir(dir, true);
    write_all(dir);
    return k;
  }
  // New keys are written into a folder of their own and renamed into place: two first runs at
  // once (ctest -j on a fresh machine) must not leave one pair's private key beside the other's
  // public key. rename(2) replaces an empty folder and fails on one with files, so one run wins.
  make_private_dir(dir.parent_path().empty() ? "." : dir.parent_path(), false);
  const std::filesystem::path staging =
      dir.parent_path() / fmt::format(".{}.new-{}-{}", dir.filename().string(), ::getpid(), staging_counter++);
  make_private_dir(staging, true);
  try {
    write_all(staging);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(staging, ignored);
    throw;
  }
  if (::rename(staging.c_str(), dir.c_str()) == 0) return k;
  const int err = errno;
  const bool occupied = err == ENOTEMPTY || err == EEXIST;
  const auto drop_staging = [&staging] {
    std::error_code ignored;
    std::filesystem::remove_all(staging, ignored);
  };
  try {
    if (occupied && !lab_keys_exist(dir)) {  // a folder with other files: the keys join them
      make_private_dir(dir, true);
      link_into(staging, dir);
      drop_staging();
      return k;
    }
  } catch (...) {
    drop_staging();
    throw;
  }
  drop_staging();
  if (occupied && lab_keys_exist(dir)) throw made_meanwhile(dir);
  throw std::runtime_error(fmt::format("{}: cannot make the lab keys there: {}", dir.string(), std::strerror(err)));
}

LabKeys load_lab_keys(const std::filesystem::path& dir) {
  LabKeys k;
  k.dir = dir;
  k.private_pem = read_file(dir / kPrivateKeyFile);
  k.public_pem = read_file(dir / kPublicKeyFile);
  const std::string ek = read_file(dir / kEvidenceKeyFile);
  if (ek.size() != kEvidenceKeyBytes)
    throw std::runtime_error(fmt::format("{}: an evidence key is {} bytes, this file has {}",
                                         (dir / kEvidenceKeyFile).string(), kEvidenceKeyBytes, ek.size()));
  k.evidence_key.assign(ek.begin(), ek.end());
  k.evidence_key_id = evidence_key_id(k.evidence_key);
  k.fingerprint = public_key_fingerprint(k.public_pem);

  // The public key must be the private key's: a mismatch would sign what nobody can verify.
  auto priv = ossl::read_private_pem(k.private_pem, (dir / kPrivateKeyFile).string());
  if (public_key_fingerprint(ossl::write_public_pem(priv.get())) != k.fingerprint)
    throw std::runtime_error(fmt::format("{}: does not belong to {}", (dir / kPublicKeyFile).string(),
                                         (dir / kPrivateKeyFile).string()));
  k.algorithm = public_key_algorithm(k.public_pem);
  return k;
}

LabKeys ensure_lab_keys(const std::filesystem::path& dir, bool* created) {
  if (created) *created = false;
  if (!lab_keys_exist(dir)) {
    try {
      LabKeys k = init_lab_keys(dir, SigningAlgorithm::EcdsaP256, false);
      if (created) *created = true;
      return k;
    } catch (const KeysExist&) {
      // Another run made them first: those are the lab's keys now.
    }
  }
  return load_lab_keys(dir);
}

}  // namespace facecert::harness
