// ViidSummary as JSON: the evidence of a view-library session (hashes and sizes, never images).
#include <nlohmann/json.hpp>

#include "facecert/drivers/viid_receiver.h"

namespace facecert::drivers {
namespace {

using json = nlohmann::json;

json image_json(const ViidImageFacts& i) {
  return {{"image_id", i.image_id},   {"type", i.type},     {"file_format", i.file_format},
          {"detected_format", i.detected_format},            {"shot_time", i.shot_time},
          {"bytes", i.bytes},         {"sha256", i.sha256}, {"width", i.width},
          {"height", i.height}};
}

json face_json(const ViidFaceFacts& f) {
  json images = json::array();
  for (const auto& i : f.sub_images) images.push_back(image_json(i));
  return {{"face_id", f.face_id},
          {"device_id", f.device_id},
          {"appear_time", f.appear_time},
          {"disappear_time", f.disappear_time},
          {"shot_time", f.shot_time},
          {"sub_image_count", f.sub_images.size()},
          {"sub_images", images},
          {"problems", f.problems}};
}

json device_json(const ViidDeviceSummary& d) {
  json faces = json::array(), images = json::array();
  for (const auto& f : d.faces) faces.push_back(face_json(f));
  for (const auto& i : d.images) images.push_back(image_json(i));
  return {{"device_id", d.device_id},         {"registered", d.registered},
          {"registrations", d.registrations}, {"unregistrations", d.unregistrations},
          {"keepalives", d.keepalives},       {"face_pushes", d.face_pushes},
          {"image_pushes", d.image_pushes},   {"refused_pushes", d.refused_pushes},
          {"face_count", d.faces.size()},     {"image_count", d.images.size()},
          {"faces", faces},                   {"images", images},
          {"problems", d.problems}};
}

}  // namespace

std::string ViidProblem::text() const { return path.empty() ? message : path + ": " + message; }

json ViidSummary::to_json() const {
  json devs = json::array(), probs = json::array(), spans = json::array();
  for (const auto& [id, d] : devices) devs.push_back(device_json(d));
  for (const auto& p : problems)
    probs.push_back({{"device_id", p.device_id}, {"request", p.request}, {"path", p.path},
                     {"message", p.message}, {"text", p.text()}});
  for (const auto& a : dedup.appearances)
    spans.push_back({{"device_id", a.device_id}, {"appear_time", a.appear_time},
                     {"disappear_time", a.disappear_time}, {"face_objects", a.face_objects},
                     {"face_images", a.face_images}});
  return {{"url", url},
          {"tls", tls},
          {"digest_required", digest_required},
          {"requests", requests},
          {"pushes", pushes},
          {"well_formed_pushes", well_formed_pushes},
          {"devices", devs},
          {"problems", probs},
          {"dedup",
           {{"appearances", spans},
            {"max_face_images_per_appearance", dedup.max_face_images_per_appearance},
            {"mean_face_images_per_appearance", dedup.mean_face_images_per_appearance},
            {"max_pushes_in_one_second", dedup.max_pushes_in_one_second},
            {"mean_pushes_per_second", dedup.mean_pushes_per_second}}},
          {"images_kept", false}};
}

}  // namespace facecert::drivers
