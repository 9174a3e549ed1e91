// Validation of GA/T 1400 push bodies (/VIID/Faces, /VIID/Images): required fields, 14-digit
// times, base64 Data holding an image of the declared FileFormat, FaceAppearTime not after
// FaceDisAppearTime, DeviceIDs known to the view library. Each problem names the object index and
// the field, e.g. FaceListObject.FaceObject[2].SubImageList.SubImageInfoObject[0].ShotTime.
// Image bytes are decoded to be measured and hashed, then dropped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/viid_receiver.h"

namespace facecert::drivers::viid {

struct FieldProblem {
  std::string path, message;
};

struct CheckedFace {
  ViidFaceFacts facts;
  std::vector<FieldProblem> problems;
};

struct CheckedImage {
  ViidImageFacts facts;
  std::string device_id;
  std::vector<FieldProblem> problems;
};

struct CheckedPush {
  std::vector<CheckedFace> faces;
  std::vector<CheckedImage> images;
  std::vector<FieldProblem> body_problems;  // the list itself is missing or of the wrong kind
  bool well_formed() const;
};

using DeviceKnown = std::function<bool(const std::string& device_id)>;

CheckedPush check_faces(const nlohmann::json& body, const DeviceKnown& known);
CheckedPush check_images(const nlohmann::json& body, const DeviceKnown& known);

}  // namespace facecert::drivers::viid
