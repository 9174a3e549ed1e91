// 6.1.3 template protection on the real facecert-refdev through the refdev driver: keys, templates
// under two keys, the device's comparator, revocation, where the keys live, and the raw-templates
// flaw that breaks all of it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <memory>

#include "facecert/datasets/demo_media.h"
#include "facecert/drivers/registry.h"
#include "refdev_process_support.h"
#include "tar_reader_support.h"

namespace facecert::drivers {
namespace {

namespace fs = std::filesystem;
using facecert::testing::RefdevProcess;

std::unique_ptr<Driver> make(const RefdevProcess& dev) {
  return DriverRegistry::instance().make(dev.config());
}

// A natural variation of a demo photo (the harness presents the same kind).
Image photo(const std::string& name, std::uint32_t seed) {
  const cv::Mat img = datasets::load_demo_image(name);
  return {datasets::encode_jpeg(seed == 0 ? img : datasets::vary(img, seed)), "image/jpeg"};
}

double differing_bits(const FaceTemplate& a, const FaceTemplate& b) {
  EXPECT_EQ(a.bytes.size(), b.bytes.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < std::min(a.bytes.size(), b.bytes.size()); ++i)
    n += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(a.bytes[i] ^ b.bytes[i])));
  return static_cast<double>(n) / static_cast<double>(8 * a.bytes.size());
}

bool throws_naming(const std::function<void()>& f, const std::string& text) {
  try {
    f();
  } catch (const DriverError& e) {
    return std::string(e.what()).find(text) != std::string::npos;
  }
  return false;
}

// One compliant device for the suite, with the astronaut enrolled.
class ProtectedTemplates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    device_ = new RefdevProcess();
    person_ = new std::string(
        make(*device_)->enrol({"Eileen Collins", "11010519491231002X"}, photo("astronaut.jpg", 1)).person_id);
  }
  static void TearDownTestSuite() {
    delete device_;
    delete person_;
  }
  static RefdevProcess* device_;
  static std::string* person_;
};
RefdevProcess* ProtectedTemplates::device_ = nullptr;
std::string* ProtectedTemplates::person_ = nullptr;

TEST_F(ProtectedTemplates, TwoKeysGiveUnlinkableTemplatesThatEachMatchTheirOwnProbes) {
  auto d = make(*device_);
  for (auto c : {Capability::TemplateKeys, Capability::MakeTemplate, Capability::CompareTemplates})
    EXPECT_TRUE(d->has(c)) << to_string(c);
  const std::string a = d->create_template_key(), b = d->create_template_key();
  ASSERT_NE(a, b);
  const auto ta = d->make_template(photo("astronaut.jpg", 0), a);
  const auto tb = d->make_template(photo("astronaut.jpg", 0), b);
  EXPECT_EQ(ta.encoding, "bits");
  EXPECT_EQ(ta.algorithm, "lbph-biohash1024");
  EXPECT_EQ(ta.dims, 1024u);
  EXPECT_EQ(ta.bytes.size(), 128u);
  EXPECT_TRUE(ta.values.empty());
  EXPECT_EQ(ta.key_id, a);
  EXPECT_EQ(tb.key_id, b);
  // Renewable and unlinkable: the same image under two keys differs in about half the bits.
  const double cross = differing_bits(ta, tb);
  EXPECT_GT(cross, 0.35);
  EXPECT_LT(cross, 0.65);
  const auto cross_score = d->compare_templates(ta, tb);
  EXPECT_FALSE(cross_score.match) << cross_score.score;
  // Each still verifies its subject under its own key; another face does not match.
  for (std::uint32_t seed : {2u, 3u}) {
    const auto pa = d->make_template(photo("astronaut.jpg", seed), a);
    const auto pb = d->make_template(photo("astronaut.jpg", seed), b);
    const auto ma = d->compare_templates(ta, pa), mb = d->compare_templates(tb, pb);
    EXPECT_TRUE(ma.match) << ma.score;
    EXPECT_TRUE(mb.match) << mb.score;
    EXPECT_GT(ma.score, cross_score.score);
  }
  for (const auto& key : {a, b}) {
    const auto other = d->compare_templates(key == a ? ta : tb,
                                            d->make_template(photo("messi5.jpg", 2), key));
    EXPECT_FALSE(other.match) << other.score;
  }
}

TEST_F(ProtectedTemplates, ARevokedKeyMakesAndMatchesNothing) {
  auto d = make(*device_);
  const std::string k = d->create_template_key();
  const auto leaked = d->make_template(photo("astronaut.jpg", 0), k);
  ASSERT_TRUE(d->compare_templates(leaked, d->make_template(photo("astronaut.jpg", 4), k)).match);
  d->revoke_template_key(k);
  EXPECT_FALSE(fs::exists(device_->data_dir() / "keys" / (k + ".key")));
  EXPECT_TRUE(throws_naming([&] { d->make_template(photo("astronaut.jpg", 4), k); }, k));
  EXPECT_TRUE(throws_naming([&] { d->make_template(photo("astronaut.jpg", 4), k); }, "revoked"));
  const auto again = d->compare_templates(leaked, leaked);
  EXPECT_FALSE(again.match);
  EXPECT_EQ(again.score, 0.0);
  EXPECT_TRUE(throws_naming([&] { d->revoke_template_key(k); }, k));
  EXPECT_TRUE(throws_naming([&] { d->make_template(photo("astronaut.jpg", 4), "0123456789abcdef"); },
                            "0123456789abcdef"));
}

TEST_F(ProtectedTemplates, ExportedTemplateIsProtectedUnderTheDefaultKey) {
  auto d = make(*device_);
  const auto t = d->export_template(*person_);
  EXPECT_EQ(t.encoding, "bits");
  EXPECT_EQ(t.bytes.size(), 128u);
  EXPECT_FALSE(t.key_id.empty());
  EXPECT_EQ(d->export_template(*person_).bytes, t.bytes) << "the same stored face, the same bits";
  const auto probe = d->make_template(photo("astronaut.jpg", 5), "");
  EXPECT_EQ(probe.key_id, t.key_id);
  EXPECT_TRUE(d->compare_templates(t, probe).match);
}

TEST_F(ProtectedTemplates, KeysAreSecretFilesKeptOutOfTheDumpAndTheFaceStores) {
  auto d = make(*device_);
  const std::string k = d->create_template_key();
  const fs::path file = device_->data_dir() / "keys" / (k + ".key");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  const fs::path into = device_->data_dir().parent_path() / (device_->data_dir().filename().string() + "-keys");
  const auto dump = d->dump_storage(into);
  const auto entries = facecert::testing::read_tar(facecert::testing::as_text(facecert::testing::read_bytes(dump.path)));
  fs::remove_all(into);
  EXPECT_NE(facecert::testing::find_entry(entries, "identity.sqlite"), nullptr);
  for (const auto& e : entries) EXPECT_NE(e.path.rfind("keys", 0), 0u) << e.path;
  const auto stores = d->describe_storage();
  const auto keys = std::find_if(stores.begin(), stores.end(), [](const DataStore& s) { return s.name == "keys"; });
  ASSERT_NE(keys, stores.end());
  EXPECT_EQ(keys->holds, "credentials");
  for (const auto& s : stores) {
    if (s.holds.find("face") != std::string::npos) {
      EXPECT_NE(s.location.rfind("keys", 0), 0u) << s.name;
    }
  }
  bool listed = false;
  for (const auto& r : d->read_store("keys")) {
    listed = listed || r.at("keyId").text == k;
    EXPECT_EQ(r.count("secret"), 0u);
  }
  EXPECT_TRUE(listed);
}

TEST(RefdevTemplateFlaws, RawTemplatesAreTheSameUnderEveryKeyAndOutliveRevocation) {
  RefdevProcess dev({"--flaw", "raw-templates"});
  auto d = make(dev);
  const std::string a = d->create_template_key(), b = d->create_template_key();
  const auto ta = d->make_template(photo("astronaut.jpg", 0), a);
  const auto tb = d->make_template(photo("astronaut.jpg", 0), b);
  EXPECT_EQ(ta.encoding, "float32");
  EXPECT_EQ(ta.values.size(), 512u);
  EXPECT_EQ(ta.bytes.size(), 4 * 512u);
  EXPECT_EQ(ta.values, tb.values) << "the keys are ignored";
  EXPECT_EQ(ta.key_id, a);
  EXPECT_TRUE(d->compare_templates(ta, tb).match);
  d->revoke_template_key(a);
  const auto fresh = d->make_template(photo("astronaut.jpg", 3), b);
  const auto m = d->compare_templates(ta, fresh);
  EXPECT_TRUE(m.match) << "the revoked key's template still matches: " << m.score;
  EXPECT_FALSE(d->compare_templates(ta, d->make_template(photo("messi5.jpg", 3), b)).match);
}

}  // namespace
}  // namespace facecert::drivers
