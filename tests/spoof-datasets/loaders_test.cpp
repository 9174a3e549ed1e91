// The public set loaders: a tiny tree laid out as each set is distributed (empty files: the
// layout is what is tested), the kinds, subjects and splits it gives, and a wrong tree refused.
#include <gtest/gtest.h>

#include "facecert/datasets/dataset_check.h"
#include "facecert/datasets/loaders.h"
#include "spoof-datasets/dataset_test_support.h"

namespace fd = facecert::datasets;
using facecert::test::datasets::ScratchDir;

namespace {

const fd::DatasetItem& item(const fd::Dataset& ds, const std::string& file) {
  for (const auto& i : ds.items)
    if (i.file == file) return i;
  throw std::runtime_error("no item " + file);
}

std::string refusal(const std::string& layout, const std::filesystem::path& root) {
  try {
    fd::import_layout(layout, root);
  } catch (const fd::DatasetError& e) {
    return e.what();
  }
  return "accepted";
}

bool no_errors(const fd::Dataset& ds) {
  for (const auto& p : fd::validate(ds, {false}))
    if (p.is_error()) return false;
  return true;
}

TEST(Loaders, AllRegistered) {
  for (const char* name : {"replay-attack", "oulu-npu", "casia-fasd", "siw", "celeba-spoof"})
    EXPECT_NE(fd::find_loader(name), nullptr) << name;
  EXPECT_NE(refusal("nope", "/").find("unknown layout 'nope' (known: casia-fasd, celeba-spoof"), std::string::npos);
}

TEST(Loaders, ReplayAttack) {
  ScratchDir d;
  d.file("train/real/client001_session01_webcam_authenticate_adverse_1.mov");
  d.file("train/attack/fixed/attack_print_client001_session01_highdef_photo_adverse.mov");
  d.file("devel/attack/hand/attack_highdef_client002_session01_highdef_photo_controlled.mov");
  d.file("test/attack/hand/attack_mobile_client003_session01_mobile_video_controlled.mov");
  d.file("test/real/readme.txt");
  d.file("enroll/devel/client002_session01_enroll_controlled_1.mov");
  const auto imp = fd::import_layout("replay-attack", d.path);
  const auto& ds = imp.dataset;
  ASSERT_EQ(ds.items.size(), 5u);
  const auto& real = item(ds, "train/real/client001_session01_webcam_authenticate_adverse_1.mov");
  EXPECT_TRUE(real.is_bona_fide());
  EXPECT_EQ(real.subject, "client001");
  EXPECT_EQ(real.split, "train");
  EXPECT_EQ(real.conditions, "adverse");
  const auto& print = item(ds, "train/attack/fixed/attack_print_client001_session01_highdef_photo_adverse.mov");
  EXPECT_EQ(print.kind, "print");
  EXPECT_EQ(print.conditions, "adverse, fixed support");
  const auto& photo = item(ds, "devel/attack/hand/attack_highdef_client002_session01_highdef_photo_controlled.mov");
  EXPECT_EQ(photo.kind, "replay");
  EXPECT_NE(photo.instrument.find("photo shown on a tablet"), std::string::npos);
  EXPECT_EQ(photo.split, "dev");
  EXPECT_EQ(item(ds, "test/attack/hand/attack_mobile_client003_session01_mobile_video_controlled.mov").kind, "replay");
  const auto& enrol = item(ds, "enroll/devel/client002_session01_enroll_controlled_1.mov");
  EXPECT_EQ(enrol.split, "enrol");
  EXPECT_EQ(enrol.extra.at("partition"), "dev");
  EXPECT_TRUE(no_errors(ds));
  const auto other = fd::import_layout("replay-attack", d.path, {{"screen_photo_species", "photo_display"}});
  EXPECT_EQ(item(other.dataset, photo.file).kind, "photo_display");
  EXPECT_THROW(fd::import_layout("replay-attack", d.path, {{"protocol", "1"}}), fd::DatasetError);
  const auto msg = refusal("replay-attack", d.path / "train");
  EXPECT_NE(msg.find("not a replay-attack tree: expected {train,devel,test}/real/*.mov"), std::string::npos) << msg;
}

TEST(Loaders, OuluNpuFoldersAndProtocol) {
  ScratchDir d;
  for (const char* f : {"Train_files/1_1_01_1.avi", "Train_files/1_1_01_2.avi", "Train_files/1_1_01_5.avi",
                        "Dev_files/2_3_21_1.avi", "Test_files/6_3_55_4.avi", "Test_files/notes.avi"})
    d.file(f);
  const auto all = fd::import_layout("oulu-npu", d.path);
  ASSERT_EQ(all.dataset.items.size(), 5u);
  EXPECT_EQ(all.warnings.size(), 1u);  // notes.avi
  const auto& print = item(all.dataset, "Train_files/1_1_01_2.avi");
  EXPECT_EQ(print.kind, "print");
  EXPECT_EQ(print.instrument, "photo print, printer 1");
  EXPECT_EQ(print.subject, "user01");
  EXPECT_EQ(item(all.dataset, "Train_files/1_1_01_5.avi").instrument, "video replay, display 2");
  EXPECT_EQ(item(all.dataset, "Test_files/6_3_55_4.avi").kind, "replay");
  EXPECT_EQ(item(all.dataset, "Dev_files/2_3_21_1.avi").split, "dev");
  EXPECT_EQ(item(all.dataset, "Dev_files/2_3_21_1.avi").conditions, "phone 2, session 3");
  d.file("Protocols/Protocol_1/Train.txt", "+1,1_1_01_1\n-1,1_1_01_2\n");
  d.file("Protocols/Protocol_1/Dev.txt", "");
  d.file("Protocols/Protocol_1/Test.txt", "-2,6_3_55_4\n+1,6_3_55_1\n");
  const auto p1 = fd::import_layout("oulu-npu", d.path, {{"protocol", "1"}});
  ASSERT_EQ(p1.dataset.items.size(), 3u);
  EXPECT_EQ(item(p1.dataset, "Test_files/6_3_55_4.avi").split, "test");
  EXPECT_EQ(p1.warnings.back(), "6_3_55_1 (test): listed by the protocol, no such .avi");
  EXPECT_THROW(fd::import_layout("oulu-npu", d.path, {{"protocol", "2"}}), fd::DatasetError);
  EXPECT_NE(refusal("oulu-npu", d.path / "Protocols").find("expected Train_files/"), std::string::npos);
}

TEST(Loaders, CasiaFasd) {
  ScratchDir d;
  for (const char* f : {"train_release/1/1.avi", "train_release/1/4.avi", "train_release/1/HR_3.avi",
                        "test_release/1/HR_1.avi", "test_release/1/8.avi", "test_release/1/9.avi"})
    d.file(f);
  const auto imp = fd::import_layout("casia-fasd", d.path);
  ASSERT_EQ(imp.dataset.items.size(), 5u);
  EXPECT_EQ(imp.warnings.size(), 1u);
  EXPECT_TRUE(item(imp.dataset, "train_release/1/1.avi").is_bona_fide());
  EXPECT_EQ(item(imp.dataset, "train_release/1/1.avi").conditions, "low quality");
  EXPECT_EQ(item(imp.dataset, "train_release/1/4.avi").kind, "print");
  EXPECT_EQ(item(imp.dataset, "train_release/1/HR_3.avi").kind, "paper_mask");
  EXPECT_EQ(item(imp.dataset, "train_release/1/HR_3.avi").instrument, "cut photo, eye holes");
  EXPECT_EQ(item(imp.dataset, "test_release/1/8.avi").kind, "replay");
  // Train subject 1 and test subject 1 are different people.
  EXPECT_EQ(item(imp.dataset, "train_release/1/1.avi").subject, "train_1");
  EXPECT_EQ(item(imp.dataset, "test_release/1/8.avi").subject, "test_1");
  EXPECT_NE(refusal("casia-fasd", d.path / "train_release").find("not a casia-fasd tree"), std::string::npos);
  ScratchDir empty;
  empty.file("train_release/1/readme.txt");
  EXPECT_NE(refusal("casia-fasd", empty.path).find("no casia-fasd item found: expected train_release/"),
            std::string::npos);
}

TEST(Loaders, Siw) {
  ScratchDir d;
  for (const char* f : {"Train/live/006/006-1-1-1-1.mov", "Train/spoof/006/006-2-2-1-1.mov",
                        "Test/spoof/090/090-1-3-4-2.mov", "Test/spoof/090/090-1-4-1-1.mov"})
    d.file(f);
  const auto imp = fd::import_layout("siw", d.path);
  ASSERT_EQ(imp.dataset.items.size(), 3u);
  const auto& live = item(imp.dataset, "Train/live/006/006-1-1-1-1.mov");
  EXPECT_TRUE(live.is_bona_fide());
  EXPECT_EQ(live.subject, "006");
  EXPECT_EQ(live.split, "train");
  EXPECT_EQ(item(imp.dataset, "Train/spoof/006/006-2-2-1-1.mov").kind, "print");
  const auto& replay = item(imp.dataset, "Test/spoof/090/090-1-3-4-2.mov");
  EXPECT_EQ(replay.kind, "replay");
  EXPECT_EQ(replay.instrument, "video replay, medium 4");
  EXPECT_EQ(replay.conditions, "sensor 1, session 2");
  EXPECT_NE(refusal("siw", d.path / "Train" / "live").find("not a siw tree"), std::string::npos);
}

TEST(Loaders, CelebaSpoofWithAndWithoutLabels) {
  ScratchDir d;
  d.file("Data/train/10/live/000001.jpg");
  d.file("Data/train/10/spoof/000002.png");
  d.file("Data/train/10/spoof/000003.png");
  d.file("Data/test/20/spoof/000004.jpg");
  auto label = [](int type, int light, int env) {
    std::string s = "[";
    for (int i = 0; i < 44; ++i)
      s += std::to_string(i == 40 ? type : i == 41 ? light : i == 42 ? env : i == 43 ? (type ? 1 : 0) : 0) + (i < 43 ? "," : "");
    return s + "]";
  };
  d.file("metas/intra_test/train_label.json", "{\"Data/train/10/live/000001.jpg\": " + label(0, 0, 0) +
                                                  ", \"Data/train/10/spoof/000002.png\": " + label(10, 3, 2) +
                                                  ", \"Data/train/10/spoof/000003.png\": " + label(5, 1, 1) + "}");
  const auto imp = fd::import_layout("celeba-spoof", d.path);
  ASSERT_EQ(imp.dataset.items.size(), 4u);
  EXPECT_TRUE(item(imp.dataset, "Data/train/10/live/000001.jpg").is_bona_fide());
  const auto& mask = item(imp.dataset, "Data/train/10/spoof/000002.png");
  EXPECT_EQ(mask.kind, "mask_3d");
  EXPECT_EQ(mask.conditions, "back light, outdoor");
  EXPECT_EQ(mask.subject, "10");
  EXPECT_EQ(item(imp.dataset, "Data/train/10/spoof/000003.png").kind, "paper_mask");
  EXPECT_EQ(item(imp.dataset, "Data/train/10/spoof/000003.png").instrument, "upper body mask");
  // No test labels: by folder, with a warning.
  EXPECT_EQ(item(imp.dataset, "Data/test/20/spoof/000004.jpg").kind, "spoof_unspecified");
  ASSERT_EQ(imp.warnings.size(), 1u);
  EXPECT_NE(imp.warnings[0].find("metas/intra_test/test_label.json: no labels"), std::string::npos);
  EXPECT_NE(refusal("celeba-spoof", d.path / "metas").find("expected Data/train/<id>"), std::string::npos);
}

TEST(Loaders, RebasedPathsResolveFromTheNewFolder) {
  ScratchDir d;
  d.file("set/Train_files/1_1_01_1.avi");
  const auto imp = fd::import_layout("oulu-npu", d.path / "set");
  std::filesystem::create_directories(d.path / "manifests");
  const auto moved = fd::rebased(imp.dataset, d.path / "manifests");
  EXPECT_EQ(moved.items[0].file, "../set/Train_files/1_1_01_1.avi");
  EXPECT_TRUE(std::filesystem::exists(fd::resolve(moved, moved.items[0])));
}

}  // namespace
