// Evidence encryption at rest (issue 8): chunked AES-256-GCM round trip, wrong key, truncation,
// alteration; a finished run's capture encrypted and its journal reference updated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <random>

#include "facecert/harness/evidence_cipher.h"
#include "facecert/harness/evidence_encryption.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/file_digests.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/lab_keys.h"

namespace fh = facecert::harness;

namespace {

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() /
           ("facecert-cipher-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << s;
}

std::string noise(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// Expects decrypt_file to fail with a message containing `want`, leaving no output behind.
void expect_decrypt_fails(const std::filesystem::path& in, const std::filesystem::path& out,
                          const std::vector<std::uint8_t>& key, const std::string& want) {
  try {
    fh::decrypt_file(in, out, key);
    ADD_FAILURE() << in << " decrypted, expected: " << want;
  } catch (const fh::DecryptError& e) {
    EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(in.string()), std::string::npos) << "names the file: " << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(out)) << "no partial clear output";
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".part"));
}

struct Fixture {
  std::filesystem::path dir = temp_dir();
  fh::LabKeys keys = fh::init_lab_keys(dir / "keys", fh::SigningAlgorithm::EcdsaP256, false);
};

}  // namespace

TEST(EvidenceCipher, MultiChunkRoundTripAndEdgeSizes) {
  Fixture f;
  // 3.5 chunks of the default 1 MiB, then small chunks on exact multiples and the empty file.
  const std::vector<std::pair<std::size_t, std::uint32_t>> cases{
      {fh::kDefaultChunkSize * 3 + fh::kDefaultChunkSize / 2, fh::kDefaultChunkSize}, {4096 * 4, 4096}, {0, 4096}, {1, 4096}};
  unsigned seed = 1;
  for (const auto& [size, chunk] : cases) {
    const std::string plain = noise(size, seed++);
    spit(f.dir / "in.bin", plain);
    fh::encrypt_file(f.dir / "in.bin", f.dir / "in.bin.fcenc", f.keys.evidence_key, chunk);
    const std::string sealed = slurp(f.dir / "in.bin.fcenc");
    const std::size_t chunks = size == 0 ? 1 : (size + chunk - 1) / chunk;
    EXPECT_EQ(sealed.size(), fh::kEncryptedHeaderSize + size + 16 * chunks) << size;
    if (size > 64) {
      EXPECT_EQ(sealed.find(plain.substr(0, 64)), std::string::npos) << "no clear text";
    }
    const auto h = fh::read_encrypted_header(f.dir / "in.bin.fcenc");
    EXPECT_EQ(h.key_id, f.keys.evidence_key_id);
    EXPECT_EQ(h.plaintext_size, size);
    EXPECT_EQ(h.chunk_size, chunk);
    fh::decrypt_file(f.dir / "in.bin.fcenc", f.dir / "out.bin", f.keys.evidence_key);
    EXPECT_TRUE(slurp(f.dir / "out.bin") == plain) << size;
    std::filesystem::remove(f.dir / "out.bin");
  }
}

TEST(EvidenceCipher, WrongKeyIsRefusedByName) {
  Fixture f;
  const auto other = fh::init_lab_keys(f.dir / "other", fh::SigningAlgorithm::EcdsaP256, false);
  spit(f.dir / "in.bin", noise(10000, 7));
  fh::encrypt_file(f.dir / "in.bin", f.dir / "in.fcenc", f.keys.evidence_key, 4096);
  expect_decrypt_fails(f.dir / "in.fcenc", f.dir / "out.bin", other.evidence_key, "not this lab's key");
}

TEST(EvidenceCipher, TruncatedAlteredOrExtendedFilesFail) {
  Fixture f;
  const std::uint32_t chunk = 4096;
  spit(f.dir / "in.bin", noise(chunk * 3 + 100, 9));
  fh::encrypt_file(f.dir / "in.bin", f.dir / "in.fcenc", f.keys.evidence_key, chunk);
  const std::string sealed = slurp(f.dir / "in.fcenc");
  const auto out = f.dir / "out.bin";

  spit(f.dir / "cut.fcenc", sealed.substr(0, sealed.size() - 50));
  expect_decrypt_fails(f.dir / "cut.fcenc", out, f.keys.evidence_key, "truncated");
  spit(f.dir / "short.fcenc", sealed.substr(0, 20));
  expect_decrypt_fails(f.dir / "short.fcenc", out, f.keys.evidence_key, "too short");
  spit(f.dir / "long.fcenc", sealed + "x");
  expect_decrypt_fails(f.dir / "long.fcenc", out, f.keys.evidence_key, "appended");

  // Cut at a chunk boundary with the header's size rewritten to match: the header is authenticated
  // and the last remaining chunk was not sealed as final.
  std::string boundary = sealed.substr(0, fh::kEncryptedHeaderSize + 2 * (chunk + 16));
  const std::uint64_t fake = 2 * chunk;
  for (int i = 0; i < 8; ++i) boundary[40 + i] = static_cast<char>((fake >> (8 * (7 - i))) & 0xff);
  spit(f.dir / "boundary.fcenc", boundary);
  expect_decrypt_fails(f.dir / "boundary.fcenc", out, f.keys.evidence_key, "fails authentication");

  std::string flipped = sealed;
  flipped[fh::kEncryptedHeaderSize + chunk + 16 + 5] ^= 0x20;  // chunk 2's ciphertext
  spit(f.dir / "flipped.fcenc", flipped);
  expect_decrypt_fails(f.dir / "flipped.fcenc", out, f.keys.evidence_key, "chunk 2 of 4 fails authentication");

  spit(f.dir / "plain.fcenc", "just some text that is no encrypted evidence file at all, long enough");
  expect_decrypt_fails(f.dir / "plain.fcenc", out, f.keys.evidence_key, "not an encrypted evidence file");
}

TEST(EvidenceEncryption, RunCaptureEncryptedAndJournalRefUpdated) {
  Fixture f;
  const auto run_dir = f.dir / "run";
  fh::EvidenceStore store(run_dir);
  const std::string capture = noise(300000, 3);
  spit(store.evidence_dir() / "capture.pcapng", capture);
  std::filesystem::create_directories(store.evidence_dir() / "SH-7.0-01" / "thumbnails");
  spit(store.evidence_dir() / "SH-7.0-01" / "thumbnails" / "image-0011.png", "pixelated");
  const auto traffic = store.add_json("SH-7.0-01", "traffic.json", {{"flows", 1}}, "flows");
  {
    fh::JournalWriter journal(run_dir / "journal.sqlite");
    fh::RunRecord run;
    run.run_id = "r";
    run.started = "2026-11-27T07:00:00Z";
    journal.on_run_start(run);
    fh::CaseResult c;
    c.id = "SH-7.0-01";
    c.verdict = fh::Verdict::Pass;
    c.evidence = {traffic, {"evidence/capture.pcapng", "", "pcapng", "the run's capture"}};
    journal.on_case_end(c, 0, 1);
    run.finished = "2026-11-27T07:01:00Z";
    journal.on_run_end(run);
  }
  const auto enc = fh::encrypt_run_evidence(run_dir, f.keys);
  ASSERT_EQ(enc.files.size(), 1u);
  EXPECT_EQ(enc.files[0].encrypted, "evidence/capture.pcapng.fcenc");
  EXPECT_FALSE(std::filesystem::exists(store.evidence_dir() / "capture.pcapng"));
  ASSERT_TRUE(std::filesystem::exists(run_dir / "evidence/capture.pcapng.fcenc"));
  EXPECT_TRUE(std::filesystem::exists(store.evidence_dir() / "SH-7.0-01" / "thumbnails" / "image-0011.png"))
      << "pixelated thumbnails stay clear";
  EXPECT_TRUE(std::filesystem::exists(run_dir / "evidence/SH-7.0-01/traffic.json"));

  const auto back = fh::read_journal(run_dir / "journal.sqlite");
  ASSERT_EQ(back.cases.size(), 1u);
  ASSERT_EQ(back.cases[0].evidence.size(), 2u);
  EXPECT_EQ(back.cases[0].evidence[0].path, traffic.path) << "other refs untouched";
  EXPECT_EQ(back.cases[0].evidence[1].path, "evidence/capture.pcapng.fcenc");
  EXPECT_EQ(back.cases[0].evidence[1].sha256, fh::digest_file(run_dir / "evidence/capture.pcapng.fcenc").sha256);
  EXPECT_EQ(back.run_id, "r") << "header still reads";
  EXPECT_EQ(back.finished, "2026-11-27T07:01:00Z");

  const auto record = nlohmann::json::parse(slurp(run_dir / fh::kEncryptionRecord));
  EXPECT_EQ(record["enabled"], true);
  EXPECT_EQ(record["key_id"], f.keys.evidence_key_id);
  fh::decrypt_file(run_dir / "evidence/capture.pcapng.fcenc", f.dir / "capture.pcapng", f.keys.evidence_key);
  EXPECT_TRUE(slurp(f.dir / "capture.pcapng") == capture);
}

TEST(EvidenceEncryption, PolicyByKind) {
  EXPECT_TRUE(fh::holds_raw_face_data("evidence/capture.pcapng"));
  EXPECT_TRUE(fh::holds_raw_face_data("evidence/SH-6.1.2-01/storage.TAR"));
  EXPECT_FALSE(fh::holds_raw_face_data("evidence/SH-6.1.4-01/attack-print.jpg")) << "pixelated by the case";
  EXPECT_FALSE(fh::holds_raw_face_data("evidence/run/refdev.log"));
  EXPECT_FALSE(fh::holds_raw_face_data("report.html"));
}

TEST(EvidenceEncryption, LeftClearIsRecorded) {
  Fixture f;
  fh::EvidenceStore store(f.dir / "run");
  spit(store.evidence_dir() / "capture.pcapng", "pcap");
  fh::record_evidence_left_clear(f.dir / "run");
  EXPECT_TRUE(std::filesystem::exists(store.evidence_dir() / "capture.pcapng"));
  const auto record = nlohmann::json::parse(slurp(f.dir / "run" / fh::kEncryptionRecord));
  EXPECT_EQ(record["enabled"], false);
}
