// Storage of the real facecert-refdev through the refdev driver (clauses 6.1.2, 6.1.5, 6.2.4):
// the dump is a ustar archive of the data folder; face data and identity data are described and
// read back apart; deletion and the retention period leave nothing behind on the compliant
// device, and each storage flaw shows what it keeps.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "facecert/drivers/registry.h"
#include "refdev_process_support.h"
#include "tar_reader_support.h"

namespace facecert::drivers {
namespace {

namespace fs = std::filesystem;
using facecert::testing::as_text;
using facecert::testing::contains;
using facecert::testing::demo_image;
using facecert::testing::find_entry;
using facecert::testing::read_bytes;
using facecert::testing::read_tar;
using facecert::testing::RefdevProcess;
using facecert::testing::sha256_hex;
using facecert::testing::TarEntry;

const Person kPerson{"Eileen Collins", "11010519491231002X"};

std::unique_ptr<Driver> make(const RefdevProcess& dev) {
  return DriverRegistry::instance().make(dev.config());
}

// The dump as bytes, after checking what the driver says of the file it wrote.
std::string dump_of(Driver& d, const RefdevProcess& dev) {
  const auto dump = d.dump_storage(dev.data_dir().parent_path() /
                                   (dev.data_dir().filename().string() + "-dumps"));
  EXPECT_EQ(dump.format, "tar");
  const auto bytes = read_bytes(dump.path);
  EXPECT_EQ(dump.size, bytes.size());
  EXPECT_EQ(dump.sha256, sha256_hex(bytes));
  std::error_code ec;
  fs::remove_all(dump.path.parent_path(), ec);
  return as_text(bytes);
}

const DataStore* store(const std::vector<DataStore>& stores, const std::string& name) {
  const auto it = std::find_if(stores.begin(), stores.end(),
                               [&](const DataStore& s) { return s.name == name; });
  return it == stores.end() ? nullptr : &*it;
}

// Distinct 256-byte pieces of an image (start, middle, end): any of them in a dump is a residue.
std::vector<std::string> pieces_of(const Image& image) {
  const std::string s = as_text(image.bytes);
  return {s.substr(0, 256), s.substr(s.size() / 2, 256), s.substr(s.size() - 256)};
}
bool holds_any_piece(const std::string& bytes, const Image& image) {
  const auto p = pieces_of(image);
  return std::any_of(p.begin(), p.end(), [&](const std::string& x) { return contains(bytes, x); });
}

// The enrolment image's file under DATA, as the faces store reports it.
fs::path enrolment_file(Driver& d, const RefdevProcess& dev, const Image& image) {
  for (const auto& r : d.read_store("faces"))
    if (r.at("content").sha256 == sha256_hex(image.bytes)) return dev.data_dir() / r.at("file").text;
  return {};
}

template <class Done>
bool wait_until(Done done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// One compliant device for the suite, with the astronaut enrolled.
class CompliantStorage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    device_ = new RefdevProcess();
    person_id_ = new std::string(make(*device_)->enrol(kPerson, demo_image("astronaut.jpg")).person_id);
  }
  static void TearDownTestSuite() {
    delete device_;
    delete person_id_;
  }
  static RefdevProcess* device_;
  static std::string* person_id_;
};
RefdevProcess* CompliantStorage::device_ = nullptr;
std::string* CompliantStorage::person_id_ = nullptr;

TEST_F(CompliantStorage, DumpIsAUstarArchiveOfTheDataFolder) {
  auto d = make(*device_);
  ASSERT_TRUE(d->has(Capability::DumpStorage));
  const auto frame = demo_image("messi5.jpg");
  d->identify(frame);  // processed in memory only (6.1.2)

  const fs::path into = device_->data_dir().parent_path() / (device_->data_dir().filename().string() + "-gnu");
  const auto first = d->dump_storage(into);
  const auto second = d->dump_storage(into);
  EXPECT_NE(first.path, second.path) << "a later dump overwrote an earlier one";
  const std::string listing = facecert::testing::gnu_tar_listing(first.path);
  EXPECT_NE(listing.find("identity.sqlite"), std::string::npos) << listing;
  EXPECT_NE(listing.find("exit 0"), std::string::npos) << listing;
  fs::remove_all(into);

  const std::string archive = dump_of(*d, *device_);
  const auto entries = read_tar(archive);
  for (const char* path : {"faces/", "identity.sqlite", "audit.log", "serial.txt", "tls/cert.pem"})
    EXPECT_NE(find_entry(entries, path), nullptr) << path;
  EXPECT_EQ(find_entry(entries, "tls/key.pem"), nullptr) << "the TLS private key was dumped";
  const std::string image = as_text(demo_image("astronaut.jpg").bytes);
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [&](const TarEntry& e) {
    return e.path.rfind("faces/", 0) == 0 && e.content == image;
  })) << "the enrolment image is not in the dump byte for byte";
  EXPECT_FALSE(std::any_of(entries.begin(), entries.end(),
                           [](const TarEntry& e) { return e.path.rfind("captures/", 0) == 0; }));
  EXPECT_FALSE(holds_any_piece(archive, frame)) << "the identified frame is on the device";
}

TEST_F(CompliantStorage, DescribesFaceAndIdentityStoresApart) {
  const auto stores = make(*device_)->describe_storage();
  const auto* faces = store(stores, "faces");
  const auto* person = store(stores, "person");
  ASSERT_NE(faces, nullptr);
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(faces->holds, "face");
  EXPECT_EQ(faces->location_kind, "directory");
  EXPECT_EQ(faces->location, "faces/");
  EXPECT_EQ(person->holds, "identity");
  EXPECT_EQ(person->location_kind, "sqlite-table");
  EXPECT_EQ(person->location, "identity.sqlite");
  EXPECT_EQ(person->fields,
            (std::vector<std::string>{"person_id", "name", "id_number", "face_id", "created"}));
  for (const auto& s : stores) EXPECT_NE(s.holds, "face+identity") << s.name;
  const auto* events = store(stores, "recognition-events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->location_kind, "memory");
}

TEST_F(CompliantStorage, ReadsBackTheIdentityRecordWithoutAnImage) {
  auto d = make(*device_);
  const auto people = d->read_store("person");
  ASSERT_EQ(people.size(), 1u);
  const auto& p = people.front();
  EXPECT_EQ(p.at("name").text, kPerson.name);
  EXPECT_EQ(p.at("id_number").text, kPerson.id_number);
  EXPECT_EQ(p.at("person_id").text, *person_id_);
  for (const auto& [field, value] : p) EXPECT_NE(value.kind, StoreValue::Kind::Blob) << field;

  const auto image = demo_image("astronaut.jpg");
  const auto faces = d->read_store("faces");
  const auto enrolment = std::find_if(faces.begin(), faces.end(), [&](const StoreRecord& r) {
    return r.at("content").sha256 == sha256_hex(image.bytes);
  });
  ASSERT_NE(enrolment, faces.end());
  EXPECT_TRUE(enrolment->at("content").is_image());
  EXPECT_EQ(enrolment->at("content").size, image.bytes.size());
  EXPECT_EQ(to_string(enrolment->at("content")),
            fmt::format("<blob {} bytes, image/jpeg, sha256 {}>", image.bytes.size(),
                        sha256_hex(image.bytes)));
  for (const auto& r : faces) {  // 6.1.5: nothing in the face store names the person
    EXPECT_FALSE(contains(r.at("file").text, kPerson.id_number)) << r.at("file").text;
    EXPECT_EQ(r.at("file").text.find("Collins"), std::string::npos);
  }
}

TEST_F(CompliantStorage, UnknownStoreIsADriverError) {
  try {
    make(*device_)->read_store("no such/store");
    FAIL() << "reading an unknown store succeeded";
  } catch (const DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 404"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no%20such%2Fstore"), std::string::npos) << e.what();
  }
}

// Deletes the person while the test holds the enrolment file open: what the open file reads
// afterwards is what the deleted blocks hold. Returns {those bytes, the dump after deletion}.
struct AfterDeletion {
  std::string before_dump, file_bytes, after_dump, database;
};
AfterDeletion delete_and_look(const RefdevProcess& dev) {
  auto d = make(dev);
  const auto image = demo_image("astronaut.jpg");
  const auto id = d->enrol(kPerson, image).person_id;
  AfterDeletion out;
  out.before_dump = dump_of(*d, dev);
  const fs::path file = enrolment_file(*d, dev, image);
  const int fd = ::open(file.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0) << file;
  d->delete_person(id);
  struct stat st {};
  ::fstat(fd, &st);
  out.file_bytes.resize(static_cast<std::size_t>(st.st_size));
  EXPECT_EQ(::pread(fd, out.file_bytes.data(), out.file_bytes.size(), 0), st.st_size);
  ::close(fd);
  out.after_dump = dump_of(*d, dev);
  out.database = as_text(read_bytes(dev.data_dir() / "identity.sqlite"));
  return out;
}

TEST(RefdevDeletion, CompliantDeviceLeavesNothingOfADeletedPerson) {
  RefdevProcess dev;
  const auto image = demo_image("astronaut.jpg");
  const auto r = delete_and_look(dev);
  // The search finds the person while enrolled...
  ASSERT_TRUE(contains(r.before_dump, kPerson.id_number));
  ASSERT_TRUE(holds_any_piece(r.before_dump, image));
  // ...and nothing once deleted: the file was zeroed before unlinking, the row securely deleted.
  EXPECT_TRUE(r.file_bytes == std::string(image.bytes.size(), '\0'))
      << "the deleted image's blocks still hold data";
  EXPECT_FALSE(contains(r.after_dump, kPerson.id_number));
  EXPECT_FALSE(contains(r.after_dump, kPerson.name));
  EXPECT_FALSE(holds_any_piece(r.after_dump, image));
  EXPECT_FALSE(contains(r.database, kPerson.id_number));
  EXPECT_FALSE(fs::exists(dev.data_dir() / "identity.sqlite-wal"));
}

TEST(RefdevDeletion, UnlinkOnlyLeavesTheDeletedPersonBehind) {
  RefdevProcess dev({"--flaw", "unlink-only"});
  const auto image = demo_image("astronaut.jpg");
  const auto r = delete_and_look(dev);
  EXPECT_TRUE(r.file_bytes == as_text(image.bytes)) << "the unlinked file's blocks were overwritten";
  EXPECT_TRUE(contains(r.after_dump, kPerson.id_number));
  EXPECT_TRUE(contains(r.after_dump, kPerson.name));
  EXPECT_TRUE(make(dev)->read_store("person").empty()) << "the API still lists the person";
}

TEST(RefdevRetention, CompliantDeviceExpiresWhatNoExpiryKeeps) {
  RefdevProcess compliant, flawed({"--flaw", "no-expiry"});
  auto c = make(compliant), f = make(flawed);
  const auto image = demo_image("astronaut.jpg");
  const auto c_id = c->enrol(kPerson, image).person_id;
  f->enrol(kPerson, image);
  const auto enrolled = std::chrono::steady_clock::now();
  for (auto* d : {c.get(), f.get()}) {
    d->identify(image);
    d->set_retention(std::chrono::seconds(1));
  }
  // The row goes first, then the files are erased: wait for all of it.
  EXPECT_TRUE(wait_until(
      [&] {
        return c->read_store("person").empty() && c->read_store("faces").empty() &&
               c->read_store("recognition-events").empty();
      },
      std::chrono::seconds(6)))
      << "the compliant device kept data past a 1 s retention";
  const auto log = c->read_audit_log();
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const AuditEntry& e) {
    return e.event == "retention-purge" && contains(e.detail, c_id);
  }));
  const std::string dump = dump_of(*c, compliant);
  EXPECT_FALSE(contains(dump, kPerson.id_number));
  EXPECT_FALSE(holds_any_piece(dump, image));

  // no-expiry: past the period and more than one purge tick later, everything is still there.
  std::this_thread::sleep_until(enrolled + std::chrono::milliseconds(2500));
  EXPECT_EQ(f->read_store("person").size(), 1u);
  EXPECT_EQ(f->read_store("recognition-events").size(), 1u);
  EXPECT_TRUE(holds_any_piece(dump_of(*f, flawed), image));
  const auto settings = f->read_store("settings");
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings.front().at("retentionSeconds").text, "1") << "the setting was not kept";
}

TEST(RefdevStorageFlaws, MixedStorageKeepsFaceAndIdentityInOneRecord) {
  RefdevProcess dev({"--flaw", "mixed-storage"});
  auto d = make(dev);
  const auto image = demo_image("astronaut.jpg");
  d->enrol(kPerson, image);
  const auto stores = d->describe_storage();
  const auto* person = store(stores, "person");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->holds, "face+identity");
  EXPECT_NE(std::find(person->fields.begin(), person->fields.end(), "face_image"),
            person->fields.end());

  const auto people = d->read_store("person");
  ASSERT_EQ(people.size(), 1u);
  const auto& blob = people.front().at("face_image");
  EXPECT_TRUE(blob.is_image());
  EXPECT_EQ(blob.sha256, sha256_hex(image.bytes));
  EXPECT_EQ(people.front().at("id_number").text, kPerson.id_number);
  const auto faces = d->read_store("faces");
  ASSERT_FALSE(faces.empty());
  for (const auto& r : faces) EXPECT_TRUE(contains(r.at("file").text, kPerson.id_number));

  const auto db = find_entry(read_tar(dump_of(*d, dev)), "identity.sqlite");
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(contains(db->content, as_text(image.bytes).substr(0, 512)))
      << "the enrolment image is not inside the identity database";
}

TEST(RefdevStorageFlaws, KeepImagesCapturesAreInTheDump) {
  RefdevProcess dev({"--flaw", "keep-images"});
  auto d = make(dev);
  const auto frame = demo_image("messi5.jpg"), id_photo = demo_image("astronaut.jpg");
  d->identify(frame);
  d->verify(id_photo, demo_image("fruits.jpg"));
  const auto entries = read_tar(dump_of(*d, dev));
  const auto kept = [&](const std::string& folder, const Image& image) {
    return std::any_of(entries.begin(), entries.end(), [&](const TarEntry& e) {
      return e.path.rfind(folder, 0) == 0 && e.content == as_text(image.bytes);
    });
  };
  EXPECT_TRUE(kept("captures/capture/", frame));
  EXPECT_TRUE(kept("captures/id-document/", id_photo));
  const auto stores = d->describe_storage();
  ASSERT_NE(store(stores, "captures"), nullptr);
  EXPECT_EQ(store(stores, "captures")->holds, "capture");
}

}  // namespace
}  // namespace facecert::drivers
