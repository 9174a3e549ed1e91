// Evidence encryption at rest (docs/evidence-integrity.md, "FILE.fcenc"): AES-256-GCM in chunks so
// that files of any size stream, with the truncation of a file detected.
//
//   header (48 bytes)  magic "FCENC\r\n\x1a" | version 1 | cipher 1 = AES-256-GCM | 2 reserved |
//                      chunk size (u32 BE) | evidence key id (16) | nonce prefix (8, random) |
//                      plaintext size (u64 BE)
//   chunks             ciphertext (chunk size bytes; the last one shorter, possibly empty) + tag (16)
//   nonce of chunk i   prefix || i (u32 BE)
//   AAD of chunk i     header || i (u32 BE) || final flag (1 on the last chunk, else 0)
// A cut, extended, reordered or altered file, a changed header and a wrong key all fail authentication.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

namespace facecert::harness {

inline constexpr const char* kEncryptedSuffix = ".fcenc";
inline constexpr std::uint32_t kDefaultChunkSize = 1u << 20;
inline constexpr std::size_t kEncryptedHeaderSize = 48;

struct EncryptedHeader {
  std::uint32_t chunk_size = 0;
  std::string key_id;  // hex, evidence_key_id() of the key it was encrypted with
  std::uint64_t plaintext_size = 0;
};

// Anything wrong with an encrypted file or its key: the message names the file and the problem.
class DecryptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `out` (replaced) from `in`. Throws std::runtime_error naming the file.
void encrypt_file(const std::filesystem::path& in, const std::filesystem::path& out,
                  std::span<const std::uint8_t> key, std::uint32_t chunk_size = kDefaultChunkSize);

// Reads and checks the header; throws DecryptError when it is not an encrypted evidence file.
EncryptedHeader read_encrypted_header(const std::filesystem::path& in);

// Decrypts into `out`, which appears only when every chunk authenticated (written to out + ".part"
// first, removed on failure). Throws DecryptError: wrong key, truncated, altered.
void decrypt_file(const std::filesystem::path& in, const std::filesystem::path& out,
                  std::span<const std::uint8_t> key);

}  // namespace facecert::harness
