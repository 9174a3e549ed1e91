// Driving the device with real face images: the cases that judge what the device does with face
// data (6.1.2 deletion, 7.0 transmission) first make it handle some. Every image presented is a
// distinct variation of a demo photograph and is recorded in the RunState by its SHA-256.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/driver.h"
#include "facecert/harness/case_type.h"

namespace facecert::harness::cases {

struct PresentedBytes {
  std::string purpose;
  std::string sha256;
  std::size_t size = 0;
};

// The subject exercise_with_faces enrols: synthetic identity data (a test ID number with a valid
// check digit, never a real person's), which the storage checks look for when reading stores back.
inline constexpr const char* kTestSubjectName = "测试人员 Test Subject";
inline constexpr const char* kTestSubjectIdNumber = "11010519491231002X";

struct ExerciseLog {
  std::vector<PresentedBytes> presented;
  nlohmann::json steps = nlohmann::json::array();  // what was asked and what the device answered
  std::string enrolled_person;                     // to delete afterwards
  int templates_exported = 0;                      // face templates the device handed out
};

// A distinct JPEG of the demo photograph `name`, deterministic by (case id, seed).
drivers::Image face_image(const CaseContext& ctx, const std::string& name, std::uint32_t seed);

// Enrols one subject (when the driver can) and has the device export its face template (when it
// can), identifies a new capture of them, verifies an ID
// document photo against a live capture, as far as the driver's capabilities go. Records every
// presented image. Device errors propagate (DriverError): the case is then inconclusive.
ExerciseLog exercise_with_faces(CaseContext& ctx);

// Removes the subject enrolled by exercise_with_faces (best effort, logged into `log.steps`).
void clean_up(CaseContext& ctx, ExerciseLog& log);

}  // namespace facecert::harness::cases
