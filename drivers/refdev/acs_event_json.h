// A recognition event in ISAPI access-control terms, shared by AcsEvent search and the
// alertStream: major 5 (event), minor 75 (face authentication passed) / 76 (failed), plus the
// refdev fields (mode, decision, FPID, score).
#pragma once

#include <nlohmann/json.hpp>

#include "recognition_events.h"

namespace facecert::refdev {

inline constexpr int kAcsMajorEvent = 5;
inline constexpr int kAcsMinorFacePass = 75;
inline constexpr int kAcsMinorFaceFail = 76;

int acs_minor(const RecognitionEvent& e);
// AcsEvent InfoList item: major, minor, time, serialNo, employeeNoString, currentVerifyMode, ...
nlohmann::json acs_event_info(const RecognitionEvent& e);
// alertStream's AccessControllerEvent: majorEventType, subEventType, employeeNoString, ...
nlohmann::json access_controller_event(const RecognitionEvent& e);

}  // namespace facecert::refdev
