// The lab's keys (docs/evidence-integrity.md): a signing key pair for evidence manifests (ECDSA
// P-256 or SM2 with SM3) and a 256-bit evidence key for AES-256-GCM encryption at rest. They live
// in one folder (mode 0700, files 0600): $FACECERT_KEYS, else $HOME/.config/facecert/keys.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace facecert::harness {

enum class SigningAlgorithm { EcdsaP256, Sm2 };

// "ecdsa-p256" / "sm2": the names `facecert keys init --algorithm` takes.
std::string to_string(SigningAlgorithm a);
std::optional<SigningAlgorithm> signing_algorithm_from_string(const std::string& s);
// "ecdsa-p256-sha256" / "sm2-sm3": the signature algorithm written in manifest.sig.
std::string signature_algorithm(SigningAlgorithm a);

// False (with the reason) when this OpenSSL cannot make SM2 keys or sign with SM2/SM3.
bool sm2_supported(std::string* why = nullptr);

// SM2 signer identity (GB/T 32918's default), used for both signing and verifying.
inline constexpr const char* kSm2Id = "1234567812345678";

// File names inside the keys folder.
inline constexpr const char* kPrivateKeyFile = "lab-signing.key.pem";
inline constexpr const char* kPublicKeyFile = "lab-signing.pub.pem";
inline constexpr const char* kFingerprintFile = "lab-signing.fingerprint";
inline constexpr const char* kEvidenceKeyFile = "evidence.key";

struct LabKeys {
  std::filesystem::path dir;
  SigningAlgorithm algorithm = SigningAlgorithm::EcdsaP256;
  std::string private_pem, public_pem;
  std::string fingerprint;                // "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo
  std::vector<std::uint8_t> evidence_key;  // 32 bytes
  std::string evidence_key_id;            // hex; names the evidence key in encrypted files
};

class KeysExist : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::filesystem::path default_keys_dir();
bool lab_keys_exist(const std::filesystem::path& dir);  // any of the key files is there
// Makes new keys. Throws KeysExist when keys are there and !force; std::runtime_error otherwise.
LabKeys init_lab_keys(const std::filesystem::path& dir, SigningAlgorithm algorithm, bool force);
// Throws std::runtime_error naming the missing or malformed file.
LabKeys load_lab_keys(const std::filesystem::path& dir);
// Loads the keys in dir, making ECDSA P-256 keys first when there are none (`created` says so).
LabKeys ensure_lab_keys(const std::filesystem::path& dir, bool* created = nullptr);

// Identity of a 32-byte evidence key: hex of the first 16 bytes of SHA-256("facecert evidence key" || key).
std::string evidence_key_id(std::span<const std::uint8_t> key);
// "sha256:<hex>" of a PEM public key's DER SubjectPublicKeyInfo; throws when it is not a key.
std::string public_key_fingerprint(const std::string& public_pem);

// Which scheme a PEM public key is for; throws when it is neither P-256 nor SM2.
SigningAlgorithm public_key_algorithm(const std::string& public_pem);

// DER signature of bytes with the lab's private key (ECDSA/SHA-256 or SM2/SM3).
std::vector<std::uint8_t> sign_bytes(const LabKeys& keys, std::span<const std::uint8_t> bytes);
// True when `signature` is a valid signature of bytes under the PEM public key with the named
// algorithm (signature_algorithm()); throws std::runtime_error when the key does not parse or the
// algorithm is unknown or does not fit the key.
bool verify_signature(const std::string& public_pem, const std::string& algorithm,
                      std::span<const std::uint8_t> bytes, std::span<const std::uint8_t> signature);

}  // namespace facecert::harness
