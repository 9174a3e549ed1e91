// ISAPI access-control persons (UserInfo): a person is added without a face, then gets one
// (FaceDataRecord with FPID = employeeNo). Identity data stays in the identity store, the face in
// the face store (6.1.5), exactly as Device::enrol keeps them.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "device.h"
#include "facecert/drivers/digest_auth.h"
#include "request_error.h"

namespace facecert::refdev {
namespace {

void check_employee_no(const std::string& employee_no) {
  const bool ok = !employee_no.empty() && employee_no.size() <= 32 &&
                  std::all_of(employee_no.begin(), employee_no.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '_' || c == '-';
                  });
  if (!ok)
    throw RequestError(400, "badEmployeeNo",
                       fmt::format("employeeNo '{}' is not 1..32 letters, digits, '_' or '-'",
                                   employee_no));
}

}  // namespace

std::string Device::add_person(const std::string& employee_no, const std::string& name,
                               const std::string& id_number) {
  if (name.empty()) throw RequestError(400, "badParameters", "UserInfo.name is empty");
  const std::string id = employee_no.empty() ? drivers::digest::random_hex(8) : employee_no;
  check_employee_no(id);
  std::lock_guard lock(enrol_mu_);
  if (identities_.find(id))
    throw RequestError(400, "employeeNoAlreadyExist",
                       fmt::format("a person with employeeNo '{}' exists", id));
  identities_.add(
      {id, name, id_number, kNoFacePrefix + drivers::digest::random_hex(8), iso8601_now(), {}});
  return id;
}

bool Device::modify_person(const std::string& employee_no, const std::string& name,
                           const std::string& id_number) {
  if (name.empty()) throw RequestError(400, "badParameters", "UserInfo.name is empty");
  std::lock_guard lock(enrol_mu_);
  return identities_.update(employee_no, name, id_number);
}

void Device::attach_face(const std::string& employee_no, const std::string& image) {
  bool found = false;
  const cv::Mat face = face_or_throw(image, "FaceImage", found);
  if (!found) throw RequestError(400, "noFace", "no face found in FaceImage");
  std::lock_guard lock(enrol_mu_);
  const auto person = identities_.find(employee_no);
  if (!person)
    throw RequestError(404, "noSuchPerson",
                       fmt::format("no person with employeeNo '{}'", employee_no));
  const bool mixed = !policy_.separate_face_and_identity;
  const std::string face_id =
      faces_.add(image, image_extension(image), face, mixed ? person->id_number : std::string());
  try {
    identities_.set_face(employee_no, face_id, mixed ? image : std::string());
  } catch (...) {
    faces_.remove(face_id);
    throw;
  }
  if (has_face(*person)) {
    faces_.remove(person->face_id);  // the earlier face, erased as a deletion erases it
    reload_gallery();  // holds the new face already
  } else {
    engine_.add_to_gallery(face_id, face);
  }
}

}  // namespace facecert::refdev
