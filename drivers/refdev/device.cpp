#include "device.h"

#include <fstream>

#include <fmt/format.h>

#include "face_template.h"
#include "facecert/drivers/digest_auth.h"
#include "media_catalog.h"
#include "request_error.h"
#include "storage_dump.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// A serial number made once per data folder and kept.
std::string load_or_make_serial(const fs::path& file) {
  std::ifstream in(file);
  std::string serial;
  if (in >> serial && !serial.empty()) return serial;
  serial = "FCREF" + drivers::digest::random_hex(6);
  std::ofstream(file) << serial << "\n";
  return serial;
}

DeviceIdentity identity_in(const fs::path& data_dir) {
  DeviceIdentity ident;
  ident.serial = load_or_make_serial(data_dir / "serial.txt");
  return ident;
}

fs::path prepared(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot create the data folder", dir.string()));
  return dir;
}

}  // namespace

Device::Device(fs::path data_dir, DevicePolicy policy)
    : data_dir_(prepared(data_dir)),
      policy_(policy),
      ident_(identity_in(data_dir_)),
      audit_(data_dir_ / "audit.log"),
      faces_(data_dir_ / "faces", erase_mode()),
      identities_(data_dir_ / "identity.sqlite",
                  {policy.erase_before_unlink, !policy.separate_face_and_identity}),
      captures_(data_dir_ / "captures"),
      retention_(data_dir_ / "settings.json"),
      keys_(data_dir_ / "keys", erase_mode()),
      protection_(keys_, policy.protected_templates, template_seed(ident_.serial)) {
  reload_gallery();
}

void Device::reload_gallery() {
  std::vector<std::string> ids;
  std::vector<cv::Mat> templates;
  for (auto& f : faces_.load_all()) {
    ids.push_back(f.face_id);
    templates.push_back(f.face);
  }
  engine_.set_gallery(ids, templates);
}

cv::Mat Device::face_or_throw(const std::string& bytes, const char* what, bool& found) const {
  const auto image = FaceEngine::decode(as_bytes(bytes));
  if (!image) throw RequestError(400, "badImage", fmt::format("{} is not a decodable image", what));
  auto face = engine_.normalised_face(*image);
  found = face.has_value();
  return face ? *face : cv::Mat();
}

std::string Device::enrol(const std::string& name, const std::string& id_number,
                          const std::string& image) {
  bool found = false;
  const cv::Mat face = face_or_throw(image, "FaceImage", found);
  if (!found) throw RequestError(400, "noFace", "no face found in FaceImage");
  std::lock_guard lock(enrol_mu_);
  // 6.1.5: apart, the face file has an opaque name and the identity row no image; the flaw
  // mixed-storage names the file by ID number and puts the image in the row.
  const bool mixed = !policy_.separate_face_and_identity;
  const std::string face_id =
      faces_.add(image, image_extension(image), face, mixed ? id_number : std::string());
  Identity person{drivers::digest::random_hex(8), name, id_number, face_id, iso8601_now(),
                  mixed ? image : std::string()};
  try {
    identities_.add(person);
  } catch (...) {
    faces_.remove(face_id);
    throw;
  }
  engine_.add_to_gallery(face_id, face);
  return person.person_id;
}

bool Device::delete_person(const std::string& person_id) {
  std::lock_guard lock(enrol_mu_);
  const auto person = identities_.find(person_id);
  if (!person) return false;
  identities_.remove(person_id);
  if (has_face(*person)) faces_.remove(person->face_id);  // UserInfo without a face yet
  reload_gallery();
  return true;
}

std::optional<DeviceTemplate> Device::face_template_of(const std::string& person_id) {
  std::lock_guard lock(enrol_mu_);
  const auto person = identities_.find(person_id);
  if (!person) return std::nullopt;
  const auto face = faces_.load_template(person->face_id);
  if (!face) return std::nullopt;
  return protection_.make(*face, "");
}

DeviceTemplate Device::make_template(const std::string& image, const std::string& key_id) {
  bool found = false;
  const cv::Mat face = face_or_throw(image, "FaceImage", found);
  if (!found) throw RequestError(400, "noFace", "no face found in FaceImage");
  return protection_.make(face, key_id);
}

TemplateMatch Device::compare_templates(const DeviceTemplate& a, const DeviceTemplate& b) const {
  return protection_.compare(a, b);
}

Decision Device::identify_face(const cv::Mat& face) const {
  Decision d;
  const auto match = engine_.identify(face);
  d.score = match.distance;
  const auto person = match.face_id.empty() ? std::nullopt : identities_.find_by_face(match.face_id);
  if (person) d.person_id = person->person_id;
  d.decision = person && match.distance <= kAcceptDistance ? "accepted" : "rejected";
  if (!person) d.detail = "empty library";
  return d;
}

Decision Device::identify(const std::string& frame) {
  if (policy_.keep_capture_images) captures_.keep("capture", frame);  // flaw keep-images
  bool found = false;
  const cv::Mat face = face_or_throw(frame, "the frame", found);
  Decision d;
  if (!found)
    d.decision = "no_face";
  else
    d = identify_face(face);
  events_.add({iso8601_now(), "identify", d.decision, d.decision == "accepted" ? d.person_id : "",
               d.score, std::chrono::system_clock::now()});
  return d;
}

Decision Device::verify(const std::string& id_image, const std::string& live_image) {
  if (policy_.keep_capture_images) {  // flaw keep-images
    captures_.keep("id-document", id_image);
    captures_.keep("capture", live_image);
  }
  bool id_found = false, live_found = false;
  const cv::Mat id_face = face_or_throw(id_image, "IDImage", id_found);
  const cv::Mat live_face = face_or_throw(live_image, "LiveImage", live_found);
  Decision d;
  if (!id_found || !live_found) {
    d.decision = "no_face";
    d.detail = !id_found ? "no face in IDImage" : "no face in LiveImage";
  } else {
    d.score = FaceEngine::compare(id_face, live_face);
    d.decision = d.score <= kAcceptDistance ? "accepted" : "rejected";
  }
  events_.add({iso8601_now(), "verify", d.decision, "", d.score, std::chrono::system_clock::now()});
  return d;
}

Decision Device::judge_presentation(Presentation p) {
  if (p.frames.empty()) throw RequestError(400, "badParameters", "the presentation holds no frame");
  if (policy_.keep_capture_images) {  // flaw keep-images
    if (!p.id_image.empty()) captures_.keep("id-document", p.id_image);
    for (const auto& f : p.frames) captures_.keep("capture", f.bytes);
  }
  std::vector<PadFrame> frames;
  frames.reserve(p.frames.size());
  for (std::size_t i = 0; i < p.frames.size(); ++i) {
    auto image = FaceEngine::decode(as_bytes(p.frames[i].bytes));
    if (!image) throw RequestError(400, "badImage", fmt::format("frame {} is not a decodable image", i));
    frames.push_back({std::move(*image), p.frames[i].t});
  }
  Decision d;
  const auto record = [&](Decision& out) {
    events_.add({iso8601_now(), "presentation", out.decision,
                 out.decision == "accepted" ? out.person_id : "", out.score, std::chrono::system_clock::now()});
    return out;
  };
  // 6.1.4: liveness before identity, so that an attack never reaches the matcher.
  if (policy_.presentation_attack_detection) {
    d.pad = pad_.judge(frames);
    if (d.pad->attack) {
      d.decision = "attack";
      d.detail = "presentation attack detected" + (d.pad->cue.empty() ? "" : ": " + d.pad->cue);
      return record(d);
    }
  }
  // Identity on the middle frame, or the nearest one to it that shows a face.
  std::optional<cv::Mat> face;
  const std::size_t mid = frames.size() / 2;
  for (std::size_t k = 0; k < frames.size() && !face; ++k) {
    const std::size_t i = k % 2 == 0 ? mid + k / 2 : mid - (k + 1) / 2;
    if (i < frames.size()) face = engine_.normalised_face(frames[i].bgr);
  }
  auto pad = std::move(d.pad);
  if (!face) {
    d.decision = "no_face";
  } else if (p.mode == "verify") {
    bool id_found = false;
    const cv::Mat id_face = face_or_throw(p.id_image, "IDImage", id_found);
    if (!id_found) {
      d.decision = "no_face";
      d.detail = "no face in IDImage";
    } else {
      d.score = FaceEngine::compare(id_face, *face);
      d.decision = d.score <= kAcceptDistance ? "accepted" : "rejected";
    }
  } else {
    d = identify_face(*face);
  }
  d.pad = std::move(pad);
  return record(d);
}

EraseMode Device::erase_mode() const {
  return policy_.erase_before_unlink ? EraseMode::OverwriteThenUnlink : EraseMode::UnlinkOnly;
}

std::string Device::storage_dump() {
  std::lock_guard lock(enrol_mu_);  // no enrolment or deletion half-way through the archive
  return dump_data_dir(data_dir_);
}

int Device::purge_expired() {
  const std::int64_t seconds = retention_.seconds();
  if (seconds <= 0 || !policy_.retention_expiry) return 0;  // flaw no-expiry: never deletes
  const auto cutoff = std::chrono::system_clock::now() - std::chrono::seconds(seconds);
  const std::size_t events = events_.purge_older_than(cutoff);
  const int captures = captures_.erase_older_than(fs::file_time_type::clock::now() -
                                                  std::chrono::seconds(seconds), erase_mode());
  if (events > 0 || captures > 0)
    audit_.append({"", "", "", "retention-purge", "success",
                   fmt::format("{} kept images and {} recognition events deleted after {} s "
                               "retention", captures, events, seconds)});
  int deleted = 0;
  for (const auto& person : identities_.created_before(iso8601(cutoff))) {
    if (!delete_person(person.person_id)) continue;
    ++deleted;
    audit_.append({"", "", "", "retention-purge", "success",
                   fmt::format("person {} deleted after {} s retention", person.person_id,
                               seconds)});
  }
  return deleted;
}

}  // namespace facecert::refdev
