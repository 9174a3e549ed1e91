#include "acs_event_json.h"

namespace facecert::refdev {
namespace {

void add_refdev_fields(nlohmann::json& j, const RecognitionEvent& e) {
  j["mode"] = e.mode;
  j["decision"] = e.decision;
  j["FPID"] = e.person_id;
  j["score"] = e.score;
}

}  // namespace

int acs_minor(const RecognitionEvent& e) {
  return e.decision == "accepted" ? kAcsMinorFacePass : kAcsMinorFaceFail;
}

nlohmann::json acs_event_info(const RecognitionEvent& e) {
  nlohmann::json j = {{"major", kAcsMajorEvent},
                      {"minor", acs_minor(e)},
                      {"time", e.time},
                      {"serialNo", e.serial},
                      {"employeeNoString", e.person_id},
                      {"currentVerifyMode", "face"}};
  add_refdev_fields(j, e);
  return j;
}

nlohmann::json access_controller_event(const RecognitionEvent& e) {
  nlohmann::json j = {{"majorEventType", kAcsMajorEvent},
                      {"subEventType", acs_minor(e)},
                      {"serialNo", e.serial},
                      {"employeeNoString", e.person_id},
                      {"currentVerifyMode", "face"}};
  add_refdev_fields(j, e);
  return j;
}

}  // namespace facecert::refdev
