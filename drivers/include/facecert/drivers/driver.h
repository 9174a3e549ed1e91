// The Driver interface: how facecert drives a product under test.
//
// A driver is a set of capabilities. The runner asks capabilities() before a case and never calls a
// method whose capability is missing; the base class implementations throw UnsupportedCapability so
// a driver only overrides what its device can do. Every method is an I/O boundary: on a transport,
// protocol or device error it throws DriverError with context (what was asked, of which endpoint,
// what came back). The runner turns that into an `inconclusive` verdict, never into a pass.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace facecert::drivers {

inline constexpr int kDriverApiMajor = 1;
inline constexpr int kDriverApiMinor = 3;

enum class Capability {
  Info,            // info(): maker, model, firmware, serial
  Login,           // login(): check the credentials
  Enrol,           // enrol(): add a person with a face image to the library
  Verify,          // verify(): 1:1, ID document photo against a live capture
  Identify,        // identify(): 1:N, a frame in front of the camera against the library
  PresentMedia,    // present(): put a frame in front of the camera, whatever mode the device is in
  ListMedia,       // list_media(): every stored media file the device keeps
  ReadAuditLog,    // read_audit_log()
  SetRetention,    // set_retention()
  DeletePerson,    // delete_person()
  ExportTemplate,  // export_template(): the face feature template the device keeps for a person
  DumpStorage,     // dump_storage(): the device's storage handed over as an archive
  DescribeStorage, // describe_storage(): where face data, identity data and the rest live
  ReadStore,       // read_store(): every record of one store, read back
  TemplateKeys,      // create_template_key(), revoke_template_key()
  MakeTemplate,      // make_template(): a protected template of a face image, nobody enrolled
  CompareTemplates,  // compare_templates(): the device's own comparator on two templates
  PresentClip,       // begin_presentation(), present_frame(), end_presentation(): a clip in front of
                     // the camera frame by frame; the device judges liveness (6.1.4) and identity
  ReadEvents,        // read_events(): the device's recognition events (what it decided, when)
};

std::string_view to_string(Capability c);
std::optional<Capability> capability_from_string(std::string_view s);
const std::vector<Capability>& all_capabilities();

// An encoded image (JPEG/PNG bytes) as it would leave the camera or a document reader.
struct Image {
  std::vector<std::uint8_t> bytes;
  std::string mime = "image/jpeg";
};

struct DeviceInfo {
  std::string maker, model, firmware, serial, device_name;
};

struct Person {
  std::string name;
  std::string id_number;  // resident ID number; identity data, stored apart from faces (6.1.5)
};

struct EnrolResult {
  std::string person_id;  // the device's id for the person (ISAPI: employeeNo / FPID)
};

// What the device answered to a presentation.
struct MatchResult {
  enum class Decision { Accepted, Rejected, NoFace, Attack };
  Decision decision = Decision::Rejected;
  std::string person_id;  // who it matched (1:N) when accepted
  double score = 0.0;     // device's similarity or distance, as it reports it
  std::string raw;        // the device's raw answer, kept as evidence
  // 6.1.4: the device's presentation attack detection score when it gives one, normalised by the
  // driver to 0 = surely bona fide .. 1 = surely an attack.
  std::optional<double> attack_score;
  std::string attack_cue;  // the device's reason for an Attack decision, when it gives one
};

// 6.1.4: how a clip presentation is to be judged: 1:N ("identify") or 1:1 against an ID document
// photo ("verify").
struct PresentationRequest {
  std::string mode = "identify";
  std::optional<Image> id_document;  // verify: the document's photo
};

// A recognition event as the device records it (ISAPI AcsEvent).
struct RecognitionEvent {
  std::string time;       // ISO 8601, the device's clock
  std::string mode;       // identify, verify, presentation
  MatchResult::Decision decision = MatchResult::Decision::Rejected;
  std::string person_id;  // accepted: who
  double score = 0;
};
std::string_view to_string(MatchResult::Decision d);

// A media file the device keeps on its storage.
struct StoredMedia {
  std::string path;      // device-side path or id
  std::string category;  // e.g. "enrolment", "capture", "id-document"
  std::uint64_t size = 0;
  std::string sha256;    // hex of the stored bytes
  std::string modified;  // ISO 8601
};

// A face feature template as the device exports it (7.0: face features are face data in transit;
// 6.1.3: renewable, irreversible, unlinkable).
struct FaceTemplate {
  std::string algorithm;  // the device's name for how it was made, e.g. "lbph-biohash1024"
  std::size_t dims = 0;   // as the device declares it (numbers, or bits for "bits")
  std::vector<float> values;        // the numbers when the device gives numbers (may be empty)
  std::vector<std::uint8_t> bytes;  // the template as the device exported it: "bits" packed,
                                    // "float32" the values little-endian, "opaque" the blob
  std::string encoding;             // "float32", "bits" (packed, MSB first), "opaque", ...
  std::string key_id;               // the protection key / application it was made under ("" unknown)
};

// The device's own comparison of two templates (6.1.3).
struct TemplateComparison {
  double score = 0;    // the device's similarity: higher = more alike
  bool match = false;  // the device's decision at its operating threshold
};

// A dump of the device's storage, as the driver wrote it to the harness's disk.
struct StorageDump {
  std::filesystem::path path;  // the file written (inside the folder given to dump_storage)
  std::string format;          // "tar" (ustar archive of the device's data folder)
  std::uint64_t size = 0;      // bytes written
  std::string sha256;          // hex of the bytes written
};

// One place the device keeps data (6.1.5 / 6.2.4: face data and identity data stored apart).
struct DataStore {
  std::string name;           // the device's name for it; the argument of read_store()
  std::string holds;          // "face", "identity", "face+identity", "capture", "event",
                              // "settings", "credentials", "unknown"
  std::string location_kind;  // "directory", "sqlite-table", "file", "partition", "memory"
  std::string location;       // device-side path ("identity.sqlite" for a table; "" in memory)
  std::vector<std::string> fields;  // the names of a record's fields
};

// One value of a record read back. Text is given whole; binary content (a BLOB column, a file's
// bytes) only summarised, so the harness can tell an image from text without moving it.
struct StoreValue {
  enum class Kind { Text, Blob, Null };
  Kind kind = Kind::Text;
  std::string text;        // Kind::Text: the value (numbers as their decimal text)
  std::uint64_t size = 0;  // Kind::Blob: byte count
  std::string sha256;      // Kind::Blob: hex of the bytes
  std::string media_type;  // Kind::Blob: by magic number: image/jpeg, image/png, image/bmp,
                           // image/webp, else application/octet-stream
  bool is_image() const { return kind == Kind::Blob && media_type.rfind("image/", 0) == 0; }
};
// Text as is; a blob as "<blob 43210 bytes, image/jpeg, sha256 ab12...>"; "<null>".
std::string to_string(const StoreValue& v);
// A record: field name -> value.
using StoreRecord = std::map<std::string, StoreValue>;

struct AuditEntry {
  std::string time, subject, event, outcome, detail;
};

class DriverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UnsupportedCapability : public DriverError {
 public:
  explicit UnsupportedCapability(Capability c);
};

// The driver itself broke (not the device): an out-of-process driver crashed, hung past its call
// timeout, wrote malformed output, or answered in a way its declared capabilities rule out. Not a
// DriverError on purpose: a case that treats a DriverError as the device refusing something must
// never mistake a broken driver for a refusal. The runner makes the case `inconclusive` and keeps
// `evidence` (file name -> text: the driver's stderr tail, the exchange) with the case.
class DriverFailure : public std::runtime_error {
 public:
  DriverFailure(const std::string& what, std::vector<std::pair<std::string, std::string>> evidence = {})
      : std::runtime_error(what), evidence_(std::move(evidence)) {}
  const std::vector<std::pair<std::string, std::string>>& evidence() const { return evidence_; }

 private:
  std::vector<std::pair<std::string, std::string>> evidence_;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string name() const = 0;
  virtual std::set<Capability> capabilities() const = 0;
  bool has(Capability c) const { return capabilities().count(c) != 0; }
  // Why a capability is missing, when the driver knows (e.g. "the terminal's
  // /ISAPI/System/capabilities has no isSupportAcsEvent"); "" otherwise. The runner puts it in the
  // reason of a case it cannot automate.
  virtual std::string why_missing(Capability) const { return {}; }

  virtual DeviceInfo info();
  virtual void login();
  virtual EnrolResult enrol(const Person& person, const Image& face);
  // 1:1: the device compares the ID document's photo with the live capture (6.1.2: and must then
  // delete the document image).
  virtual MatchResult verify(const Image& id_document, const Image& live);
  // 1:N: the frame is what the camera saw; the device searches its library.
  virtual MatchResult identify(const Image& frame);
  virtual MatchResult present(const Image& frame);
  virtual std::vector<StoredMedia> list_media();
  virtual std::vector<AuditEntry> read_audit_log();
  virtual void set_retention(std::chrono::seconds retention);
  virtual void delete_person(const std::string& person_id);
  // The template the device holds for an enrolled person (its id from enrol()).
  virtual FaceTemplate export_template(const std::string& person_id);
  // The device's storage as an archive, written into `into_dir` (created when missing) under a
  // new file name; a later dump never overwrites an earlier one.
  virtual StorageDump dump_storage(const std::filesystem::path& into_dir);
  virtual std::vector<DataStore> describe_storage();
  // Every record of the store named `store_name` (a DataStore::name), in the device's order.
  virtual std::vector<StoreRecord> read_store(const std::string& store_name);
  // 6.1.3 renewability: a new protection key (a new "application"); the device keeps the key
  // secret and apart from templates; returns its id.
  virtual std::string create_template_key();
  // Destroys the key: templates made under it can no longer be matched or made.
  virtual void revoke_template_key(const std::string& key_id);
  // Extracts and protects a template from a face image under a key, without enrolling anyone
  // ("" = the device's default key). A revoked or unknown key -> DriverError naming it.
  virtual FaceTemplate make_template(const Image& face, const std::string& key_id);
  // The device's own comparator on two templates (any keys: templates of different keys get a
  // score too, so that cross-key linkability can be measured).
  virtual TemplateComparison compare_templates(const FaceTemplate& a, const FaceTemplate& b);
  // 6.1.4: a clip presented frame by frame. The caller paces the frames at the clip's rate; `t` is
  // the frame's time in seconds from the first. begin returns the device's presentation id.
  virtual std::string begin_presentation(const PresentationRequest& request);
  virtual void present_frame(const std::string& presentation, const Image& frame, double t);
  virtual MatchResult end_presentation(const std::string& presentation);
  // The device's recognition events, oldest first (the device may keep only the latest ones).
  virtual std::vector<RecognitionEvent> read_events();
};

// How to reach a device: from the device profile plus the secrets it points to.
struct DriverConfig {
  std::string driver;    // registry name, e.g. "refdev"
  std::string base_url;  // e.g. https://127.0.0.1:8443
  std::string user;
  std::string password;
  std::chrono::milliseconds timeout{10000};  // per request
  std::string ca_file;                       // pin the device certificate; empty: accept any
  std::map<std::string, std::string> options;  // driver-specific (<driver><option name= value=/>)
  // Out-of-process drivers (driver "process", docs/driver-protocol.md): the executable and its
  // arguments, the per-run folder where media files are exchanged, and how long the driver may
  // take to start and answer the handshake.
  std::filesystem::path executable;
  std::vector<std::string> args;
  std::filesystem::path exchange_dir;
  std::chrono::milliseconds start_timeout{10000};
  std::chrono::milliseconds call_timeout{30000};  // one call (dump_storage: 10x)
};

}  // namespace facecert::drivers
