// Signed evidence manifest (issue 8), through the real facecert binary: a run directory written by
// EvidenceStore + journal + `facecert report`, then every listed file flipped in turn, files removed
// and added, the signature tampered with; plus the keys, evidence decrypt and purge commands.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "facecert/harness/evidence_encryption.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/file_digests.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/lab_keys.h"
#include "reports/cli_process_support.h"
#include "reports/sample_run.h"

namespace fh = facecert::harness;
using facecert::reports::testing::fresh_dir;
using facecert::reports::testing::read_text;
using facecert::reports::testing::run_facecert;
using nlohmann::json;

namespace {

std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

// The lines of verify's output that name a file: "changed: x (...)", "missing: ...", "unlisted: ...".
std::vector<std::string> named_files(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    for (const char* p : {"changed: ", "missing: ", "unlisted: "})
      if (line.rfind(p, 0) == 0) out.push_back(line.substr(0, line.find(" (")));
  return out;
}

class SignedRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("verify-" + test_name());
    keys_dir_ = dir_ / "keys";
    run_dir_ = dir_ / "run";
    ::setenv("FACECERT_KEYS", keys_dir_.c_str(), 1);  // the binary's default lab keys
    keys_ = fh::init_lab_keys(keys_dir_, fh::SigningAlgorithm::EcdsaP256, false);

    fh::EvidenceStore store(run_dir_);
    capture_ = std::string(70000, '\0');
    for (std::size_t i = 0; i < capture_.size(); ++i) capture_[i] = static_cast<char>(i * 7 % 251);
    std::ofstream(store.evidence_dir() / "capture.pcapng", std::ios::binary) << capture_;
    store.add_json("SH-7.0-01", "traffic.json", {{"flows", 3}}, "flows");
    const std::vector<std::uint8_t> thumb{0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9};
    store.add_bytes("SH-6.1.4-01", "attack-print.jpg", thumb, "image/jpeg", "pixelated");
    std::ofstream(run_dir_ / "plan.xml") << "<plan id=\"SH-2021-5\"/>\n";
    {
      fh::JournalWriter journal(run_dir_ / "journal.sqlite");
      fh::RunRecord run = facecert::reports::testing::sample_run();
      journal.on_run_start(run);
      for (std::size_t i = 0; i < run.cases.size(); ++i)
        journal.on_case_end(run.cases[i], static_cast<int>(i), static_cast<int>(run.cases.size()));
      journal.on_run_end(run);
    }
    fh::encrypt_run_evidence(run_dir_, keys_);  // as `facecert run` does before the reports
    // Not the PDF: WeasyPrint takes seconds, and html is what it is made from.
    const auto r = run_facecert({"report", run_dir_.string(), "--format", "json,junit,html"});
    ASSERT_NE(r.output.find("report (html)"), std::string::npos) << r.output;
    ASSERT_TRUE(std::filesystem::exists(run_dir_ / "manifest.sig")) << r.output;
  }

  facecert::reports::testing::CliResult verify(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"report", "verify", run_dir_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_facecert(args);
  }

  std::filesystem::path dir_, keys_dir_, run_dir_;
  fh::LabKeys keys_;
  std::string capture_;
};

void flip_byte(const std::filesystem::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  const auto size = std::filesystem::file_size(file);
  f.seekg(static_cast<std::streamoff>(size / 2));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(size / 2));
  f.put(static_cast<char>(c ^ 0x01));
}

}  // namespace

TEST_F(SignedRun, IntactRunVerifies) {
  const auto r = verify();
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("signature: valid (ecdsa-p256-sha256"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(keys_.fingerprint), std::string::npos) << "prints the embedded key's fingerprint";
  EXPECT_TRUE(named_files(r.output).empty()) << r.output;

  const json manifest = json::parse(read_text(run_dir_ / "manifest.json"));
  EXPECT_EQ(manifest["schema"], "facecert.manifest/2");
  bool journal_listed = false;
  for (const auto& f : manifest["files"]) {
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u) << f.dump();
    EXPECT_EQ(f["sm3"].get<std::string>().size(), 64u) << f.dump();
    EXPECT_NE(f["sha256"], f["sm3"]);
    journal_listed = journal_listed || f["path"] == "journal.sqlite";
    EXPECT_NE(f["path"], "evidence/capture.pcapng") << "the clear capture is gone";
  }
  EXPECT_TRUE(journal_listed);
  const json sig = json::parse(read_text(run_dir_ / "manifest.sig"));
  EXPECT_EQ(sig["key_fingerprint"], keys_.fingerprint);
  EXPECT_EQ(read_text(run_dir_ / "lab-signing.pub.pem"), keys_.public_pem);
  // The JSON result names the encrypted capture, as the journal now does.
  EXPECT_NE(read_text(run_dir_ / "result.json").find("evidence/capture.pcapng.fcenc"), std::string::npos);
}

TEST_F(SignedRun, OneFlippedByteInEachListedFileIsNamed) {
  const json manifest = json::parse(read_text(run_dir_ / "manifest.json"));
  std::set<std::string> listed;
  for (const auto& f : manifest["files"]) listed.insert(f["path"].get<std::string>());
  for (const char* must : {"evidence/capture.pcapng.fcenc", "evidence/SH-7.0-01/traffic.json",
                           "evidence/SH-6.1.4-01/attack-print.jpg", "evidence/run/encryption.json",
                           "report.html", "result.json", "junit.xml", "journal.sqlite", "plan.xml"})
    EXPECT_TRUE(listed.count(must)) << must << " not in the manifest";
  for (const auto& path : listed) {
    const auto file = run_dir_ / path;
    const std::string before = read_text(file);
    flip_byte(file);
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << path << "\n" << r.output;
    EXPECT_EQ(named_files(r.output), std::vector<std::string>{"changed: " + path}) << r.output;
    EXPECT_NE(r.output.find("signature: valid"), std::string::npos) << "the manifest itself is intact";
    std::ofstream(file, std::ios::binary | std::ios::trunc) << before;
  }
  EXPECT_EQ(verify().exit_code, 0) << "every file restored";
}

TEST_F(SignedRun, TamperedSignatureOrManifestFails) {
  const std::string sig_text = read_text(run_dir_ / "manifest.sig");
  json sig = json::parse(sig_text);
  std::string s = sig["signature"];
  s[10] = s[10] == 'A' ? 'B' : 'A';
  sig["signature"] = s;
  std::ofstream(run_dir_ / "manifest.sig", std::ios::trunc) << sig.dump(2);
  auto r = verify();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("signature: FAILS"), std::string::npos) << r.output;
  std::ofstream(run_dir_ / "manifest.sig", std::ios::trunc) << sig_text;

  // A changed report with its new hash written into the manifest: the hashes agree, the signature not.
  std::ofstream(run_dir_ / "junit.xml", std::ios::app) << "<!-- edited -->";
  json manifest = json::parse(read_text(run_dir_ / "manifest.json"));
  const auto digests = fh::digest_file(run_dir_ / "junit.xml");
  for (auto& f : manifest["files"])
    if (f["path"] == "junit.xml") f = {{"path", "junit.xml"}, {"size", digests.size}, {"sha256", digests.sha256}, {"sm3", digests.sm3}};
  std::ofstream(run_dir_ / "manifest.json", std::ios::trunc) << manifest.dump(2) << "\n";
  r = verify();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(named_files(r.output).empty()) << r.output;
  EXPECT_NE(r.output.find("signature: FAILS"), std::string::npos) << r.output;

  std::filesystem::remove(run_dir_ / "manifest.sig");
  r = verify();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("manifest.sig"), std::string::npos) << r.output;
}

TEST_F(SignedRun, RemovedAndAddedFilesAreNamed) {
  std::filesystem::remove(run_dir_ / "report.html");
  auto r = verify();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(named_files(r.output), std::vector<std::string>{"missing: report.html"}) << r.output;
  std::ofstream(run_dir_ / "report.html") << "x";
  std::ofstream(run_dir_ / "evidence" / "extra.bin") << "planted";
  r = verify({"--json", (dir_ / "verify.json").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(named_files(r.output), (std::vector<std::string>{"changed: report.html", "unlisted: evidence/extra.bin"}))
      << r.output;
  const json j = json::parse(read_text(dir_ / "verify.json"));
  EXPECT_EQ(j["intact"], false);
  EXPECT_EQ(j["issues"].size(), 2u);
}

TEST_F(SignedRun, GivenKeyIsComparedWithTheEmbeddedOne) {
  auto r = verify({"--key", (keys_dir_ / "lab-signing.pub.pem").string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("matches the given key"), std::string::npos) << r.output;

  const auto other = fh::init_lab_keys(dir_ / "other", fh::SigningAlgorithm::EcdsaP256, false);
  r = verify({"--key", (dir_ / "other" / "lab-signing.pub.pem").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("does NOT match the given key"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("signature: FAILS"), std::string::npos) << r.output;

  // Someone re-signs a changed run with their own key: valid under the embedded key, which is not the lab's.
  std::filesystem::copy_file(dir_ / "other" / "lab-signing.pub.pem", run_dir_ / "lab-signing.pub.pem",
                             std::filesystem::copy_options::overwrite_existing);
  fh::EvidenceStore(run_dir_).write_manifest(&other);
  EXPECT_EQ(verify().exit_code, 0);
  r = verify({"--key", (keys_dir_ / "lab-signing.pub.pem").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(other.fingerprint), std::string::npos) << r.output;
}

TEST_F(SignedRun, BadInputExitsTwo) {
  EXPECT_EQ(run_facecert({"report", "verify", (dir_ / "absent").string()}).exit_code, 2);
  std::filesystem::remove(run_dir_ / "manifest.json");
  const auto r = verify();
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no manifest"), std::string::npos) << r.output;
  std::ofstream(run_dir_ / "manifest.json") << "{ not json";
  EXPECT_EQ(verify().exit_code, 2);
  EXPECT_EQ(verify({"--key", (dir_ / "absent.pem").string()}).exit_code, 2);
}

TEST_F(SignedRun, ReportCommandStillRewritesAndResigns) {
  auto r = run_facecert({"report", run_dir_.string(), "--format", "json", "--lang", "en"});
  EXPECT_EQ(r.exit_code, 1) << "the sample run has a failed case\n" << r.output;
  EXPECT_NE(r.output.find("report (json)"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("report (html)"), std::string::npos) << r.output;
  EXPECT_EQ(verify().exit_code, 0) << "re-written reports are signed again";
  r = run_facecert({"report"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST_F(SignedRun, ReportMakesLabKeysOnAFreshMachine) {
  ::setenv("FACECERT_KEYS", (dir_ / "fresh-keys").c_str(), 1);
  const auto r = run_facecert({"report", run_dir_.string(), "--format", "json"});
  EXPECT_NE(r.output.find("lab keys: none found, made new ones in " + (dir_ / "fresh-keys").string()),
            std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "fresh-keys" / "lab-signing.key.pem"));
  const auto v = verify({"--key", (dir_ / "fresh-keys" / "lab-signing.pub.pem").string()});
  EXPECT_EQ(v.exit_code, 0) << v.output;
}

TEST_F(SignedRun, EvidenceDecryptCommand) {
  const auto enc = run_dir_ / "evidence" / "capture.pcapng.fcenc";
  auto r = run_facecert({"evidence", "decrypt", enc.string(), "--out", (dir_ / "capture.pcapng").string(), "--keys",
                         keys_dir_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(read_text(dir_ / "capture.pcapng") == capture_);
  fh::init_lab_keys(dir_ / "wrong", fh::SigningAlgorithm::EcdsaP256, false);
  r = run_facecert({"evidence", "decrypt", enc.string(), "--out", (dir_ / "x.pcapng").string(), "--keys",
                    (dir_ / "wrong").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not this lab's key"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x.pcapng"));
}

TEST(KeysCommand, InitRefusesOverwriteAndShows) {
  const auto dir = fresh_dir("keys-cli");
  auto r = run_facecert({"keys", "init", "--dir", (dir / "k").string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string fp = read_text(dir / "k" / "lab-signing.fingerprint");
  r = run_facecert({"keys", "init", "--dir", (dir / "k").string()});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("already there"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir / "k" / "lab-signing.fingerprint"), fp);
  r = run_facecert({"keys", "show", "--dir", (dir / "k").string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(fp.substr(0, fp.size() - 1)), std::string::npos) << r.output;
  r = run_facecert({"keys", "init", "--dir", (dir / "k").string(), "--algorithm", "sm2", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sm2-sm3"), std::string::npos) << r.output;
  EXPECT_NE(read_text(dir / "k" / "lab-signing.fingerprint"), fp);
  EXPECT_EQ(run_facecert({"keys", "init", "--dir", (dir / "z").string(), "--algorithm", "rsa"}).exit_code, 2);
  EXPECT_EQ(run_facecert({"keys", "show", "--dir", (dir / "none").string()}).exit_code, 2);
}

TEST(PurgeCommand, RemovesTheOldRunOnly) {
  const auto runs = fresh_dir("purge-cli");
  for (const auto& [name, finished] : std::vector<std::pair<std::string, std::string>>{
           {"old", "2020-01-01T00:00:00Z"}, {"new", "2999-01-01T00:00:00Z"}}) {
    std::filesystem::create_directories(runs / name);
    fh::JournalWriter j(runs / name / "journal.sqlite");
    fh::RunRecord rec;
    rec.started = rec.finished = finished;
    j.on_run_start(rec);
    j.on_run_end(rec);
  }
  auto r = run_facecert({"purge", "--runs", runs.string(), "--older-than", "30d", "--json", (runs / "p.json").string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("removed: " + (runs / "old").string()), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(runs / "old"));
  EXPECT_TRUE(std::filesystem::exists(runs / "new"));
  EXPECT_EQ(json::parse(read_text(runs / "p.json"))["expired"].size(), 1u);
  EXPECT_EQ(run_facecert({"purge", "--runs", runs.string(), "--older-than", "soon"}).exit_code, 2);
}
