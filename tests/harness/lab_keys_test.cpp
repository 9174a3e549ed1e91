// Lab keys (issue 8): making, refusing to overwrite, loading, signing with P-256 and SM2; SM3 digests.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "facecert/harness/file_digests.h"
#include "facecert/harness/lab_keys.h"

namespace fh = facecert::harness;

namespace {

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() /
           ("facecert-keys-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST(FileDigests, Sm3AndSha256KnownVectors) {
  const auto d = fh::digest_bytes(bytes_of("abc"));
  // GB/T 32905-2016 appendix A.1 and FIPS 180-2.
  EXPECT_EQ(d.sm3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(d.size, 3u);
  const auto dir = temp_dir();
  std::ofstream(dir / "abc") << "abc";
  const auto f = fh::digest_file(dir / "abc");
  EXPECT_EQ(f.sm3, d.sm3);
  EXPECT_EQ(f.sha256, d.sha256);
  EXPECT_THROW(fh::digest_file(dir / "absent"), std::runtime_error);
}

TEST(LabKeys, InitMakesPrivateFilesAndAFingerprintOfTheDerKey) {
  const auto dir = temp_dir() / "keys";
  const fh::LabKeys k = fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, false);
  EXPECT_EQ(mode_of(dir), 0700u);
  for (const char* f : {fh::kPrivateKeyFile, fh::kPublicKeyFile, fh::kFingerprintFile, fh::kEvidenceKeyFile})
    EXPECT_EQ(mode_of(dir / f), 0600u) << f;
  EXPECT_EQ(std::filesystem::file_size(dir / fh::kEvidenceKeyFile), 32u);
  EXPECT_EQ(slurp(dir / fh::kFingerprintFile), k.fingerprint + "\n");
  ASSERT_EQ(k.fingerprint.rfind("sha256:", 0), 0u);
  EXPECT_EQ(k.fingerprint.size(), 7u + 64u);
  EXPECT_NE(slurp(dir / fh::kPublicKeyFile).find("BEGIN PUBLIC KEY"), std::string::npos);

  const fh::LabKeys back = fh::load_lab_keys(dir);
  EXPECT_EQ(back.fingerprint, k.fingerprint);
  EXPECT_EQ(back.algorithm, fh::SigningAlgorithm::EcdsaP256);
  EXPECT_EQ(back.evidence_key, k.evidence_key);
  EXPECT_EQ(back.evidence_key_id, k.evidence_key_id);
}

TEST(LabKeys, RefusesToOverwriteWithoutForce) {
  const auto dir = temp_dir() / "keys";
  const auto first = fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, false);
  EXPECT_THROW(fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, false), fh::KeysExist);
  EXPECT_EQ(fh::load_lab_keys(dir).fingerprint, first.fingerprint) << "a refused init changes nothing";
  const auto second = fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, true);
  EXPECT_NE(second.fingerprint, first.fingerprint);
  EXPECT_NE(second.evidence_key, first.evidence_key);
  bool created = true;
  EXPECT_EQ(fh::ensure_lab_keys(dir, &created).fingerprint, second.fingerprint);
  EXPECT_FALSE(created);
}

TEST(LabKeys, EnsureMakesKeysOnFirstUse) {
  const auto dir = temp_dir() / "fresh";
  bool created = false;
  const auto k = fh::ensure_lab_keys(dir, &created);
  EXPECT_TRUE(created);
  EXPECT_TRUE(fh::lab_keys_exist(dir));
  EXPECT_EQ(k.algorithm, fh::SigningAlgorithm::EcdsaP256);
}

// Two first runs at once (ctest -j on a fresh machine) must not leave a private key of one pair
// beside the public key of another: the folder appears whole, made by one of them.
TEST(LabKeys, EnsureFromManyThreadsAtOnceMakesOnePair) {
  const auto dir = temp_dir() / "raced";
  constexpr int kThreads = 8;
  std::vector<std::string> fingerprints(kThreads), errors(kThreads);
  std::vector<char> created(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      try {
        bool made = false;
        fingerprints[static_cast<std::size_t>(i)] = fh::ensure_lab_keys(dir, &made).fingerprint;
        created[static_cast<std::size_t>(i)] = made;
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(errors[static_cast<std::size_t>(i)], "") << "thread " << i;
  const fh::LabKeys on_disk = fh::load_lab_keys(dir);
  for (const auto& f : fingerprints) EXPECT_EQ(f, on_disk.fingerprint);
  EXPECT_EQ(std::count(created.begin(), created.end(), 1), 1);
  EXPECT_EQ(mode_of(dir), 0700u);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.parent_path())) ++entries;
  EXPECT_EQ(entries, 1u) << "no temporary folder is left beside the keys";
}

// A folder that already holds other files (a USB stick's root) gets the keys beside them.
TEST(LabKeys, InitIntoAFolderWithOtherFilesLeavesThemThere) {
  const auto dir = temp_dir() / "stick";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "site visit 2026-11-28\n";
  const fh::LabKeys k = fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, false);
  EXPECT_EQ(slurp(dir / "notes.txt"), "site visit 2026-11-28\n");
  EXPECT_EQ(fh::load_lab_keys(dir).fingerprint, k.fingerprint);
  EXPECT_EQ(mode_of(dir), 0700u);
  for (const char* f : {fh::kPrivateKeyFile, fh::kPublicKeyFile, fh::kFingerprintFile, fh::kEvidenceKeyFile})
    EXPECT_EQ(mode_of(dir / f), 0600u) << f;
  EXPECT_THROW(fh::init_lab_keys(dir, fh::SigningAlgorithm::EcdsaP256, false), fh::KeysExist);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.parent_path())) ++entries;
  EXPECT_EQ(entries, 1u) << "no staging folder is left";
}

TEST(LabKeys, MismatchedOrMissingFilesAreNamed) {
  const auto a = temp_dir() / "a";
  const auto b = a.parent_path() / "b";
  fh::init_lab_keys(a, fh::SigningAlgorithm::EcdsaP256, false);
  fh::init_lab_keys(b, fh::SigningAlgorithm::EcdsaP256, false);
  std::filesystem::copy_file(b / fh::kPublicKeyFile, a / fh::kPublicKeyFile,
                             std::filesystem::copy_options::overwrite_existing);
  try {
    fh::load_lab_keys(a);
    FAIL() << "a public key of another pair was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not belong"), std::string::npos) << e.what();
  }
  std::filesystem::remove(b / fh::kEvidenceKeyFile);
  try {
    fh::load_lab_keys(b);
    FAIL() << "keys without an evidence key loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fh::kEvidenceKeyFile), std::string::npos) << e.what();
  }
}

TEST(LabKeys, SignaturesVerifyOnlyForTheSignedBytesAndKey) {
  for (const auto alg : {fh::SigningAlgorithm::EcdsaP256, fh::SigningAlgorithm::Sm2}) {
    std::string why;
    if (alg == fh::SigningAlgorithm::Sm2 && !fh::sm2_supported(&why)) {
      ADD_FAILURE() << "SM2 unavailable on this OpenSSL: " << why;
      continue;
    }
    const auto base = temp_dir() / fh::to_string(alg);
    const auto k = fh::init_lab_keys(base / "lab", alg, false);
    const auto other = fh::init_lab_keys(base / "other", alg, false);
    EXPECT_EQ(fh::load_lab_keys(base / "lab").algorithm, alg);
    EXPECT_EQ(fh::public_key_algorithm(k.public_pem), alg);
    const std::string alg_name = fh::signature_algorithm(alg);
    const auto sig = fh::sign_bytes(k, bytes_of("manifest bytes"));
    EXPECT_TRUE(fh::verify_signature(k.public_pem, alg_name, bytes_of("manifest bytes"), sig)) << alg_name;
    EXPECT_FALSE(fh::verify_signature(k.public_pem, alg_name, bytes_of("manifest bytez"), sig)) << alg_name;
    EXPECT_FALSE(fh::verify_signature(other.public_pem, alg_name, bytes_of("manifest bytes"), sig)) << alg_name;
    auto bent = sig;
    bent[bent.size() / 2] ^= 0x01;
    EXPECT_FALSE(fh::verify_signature(k.public_pem, alg_name, bytes_of("manifest bytes"), bent)) << alg_name;
  }
  EXPECT_EQ(fh::signing_algorithm_from_string("sm2"), fh::SigningAlgorithm::Sm2);
  EXPECT_FALSE(fh::signing_algorithm_from_string("rsa"));
}
