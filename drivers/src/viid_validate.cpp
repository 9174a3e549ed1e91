#include "viid_validate.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "facecert/drivers/base64.h"
#include "viid_fields.h"

namespace facecert::drivers::viid {
namespace {

using json = nlohmann::json;

// Collects the problems of one object under a path prefix.
class Checker {
 public:
  Checker(std::string prefix, std::vector<FieldProblem>& out) : prefix_(std::move(prefix)), out_(out) {}
  std::string path(const std::string& field) const { return prefix_ + "." + field; }
  void add(const std::string& field, std::string message) { out_.push_back({path(field), std::move(message)}); }

  // A required non-empty string.
  std::optional<std::string> text(const json& obj, const std::string& field, bool required = true) {
    const auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) {
      if (required) add(field, "is missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      add(field, fmt::format("is a JSON {}, not a string", it->type_name()));
      return std::nullopt;
    }
    if (it->get_ref<const std::string&>().empty()) {
      if (required) add(field, "is empty");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  // A required integer >= `min`, written as a JSON number or a string of digits.
  std::optional<long long> integer(const json& obj, const std::string& field, long long min) {
    const auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) {
      add(field, "is missing");
      return std::nullopt;
    }
    std::optional<long long> v;
    if (it->is_number_integer()) {
      v = it->get<long long>();
    } else if (it->is_string()) {
      const auto& s = it->get_ref<const std::string&>();
      if (!s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        v = std::stoll(s);
    }
    if (!v) {
      add(field, fmt::format("{} is not an integer", quote_value(it->dump())));
      return std::nullopt;
    }
    if (*v < min) {
      add(field, fmt::format("{} is below {}", *v, min));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::string> time(const json& obj, const std::string& field, bool required = true) {
    auto t = text(obj, field, required);
    if (!t) return std::nullopt;
    if (auto why = time_problem(*t)) {
      add(field, *why);
      return std::nullopt;
    }
    return t;
  }

  std::optional<std::string> device(const json& obj, const std::string& field, const DeviceKnown& known) {
    auto id = text(obj, field);
    if (id && !known(*id)) add(field, fmt::format("{} is not a registered device", quote_value(*id)));
    return id;
  }

  // Data: base64 of an image whose magic bytes match FileFormat. Fills size, hash and format.
  void data(const json& obj, const std::string& field, ViidImageFacts& facts) {
    auto b64 = text(obj, field);
    if (!b64) return;
    const auto bytes = base64::decode(*b64);
    if (!bytes) {
      add(field, fmt::format("is not base64 ({} characters)", b64->size()));
      return;
    }
    facts.bytes = bytes->size();
    facts.sha256 = sha256_hex(*bytes);
    facts.detected_format = image_format(*bytes);
    if (facts.detected_format.empty())
      add(field, fmt::format("is not an image: no JPEG/PNG/BMP/GIF magic bytes in {} bytes", bytes->size()));
    else if (!facts.file_format.empty() && !file_format_matches(facts.file_format, facts.detected_format))
      add(field, fmt::format("holds a {} image but FileFormat is {}", facts.detected_format,
                             quote_value(facts.file_format)));
  }

 private:
  std::string prefix_;
  std::vector<FieldProblem>& out_;
};

// The array at obj[list][items], or a body problem.
const json* array_of(const json& body, const std::string& list, const std::string& items,
                     std::vector<FieldProblem>& problems) {
  if (!body.is_object() || !body.contains(list) || !body[list].is_object()) {
    problems.push_back({list, "is missing (the body is not a " + list + ")"});
    return nullptr;
  }
  const auto it = body[list].find(items);
  if (it == body[list].end() || !it->is_array()) {
    problems.push_back({list + "." + items, "is missing or not an array"});
    return nullptr;
  }
  if (it->empty()) problems.push_back({list + "." + items, "is empty"});
  return &*it;
}

void fill_image_info(Checker& c, const json& info, ViidImageFacts& f) {
  f.image_id = c.text(info, "ImageID").value_or("");
  f.file_format = c.text(info, "FileFormat").value_or("");
  f.shot_time = c.time(info, "ShotTime").value_or("");
  f.width = static_cast<int>(c.integer(info, "Width", 1).value_or(0));
  f.height = static_cast<int>(c.integer(info, "Height", 1).value_or(0));
  c.integer(info, "EventSort", 0);
}

CheckedFace check_face(const json& face, const std::string& prefix, const DeviceKnown& known) {
  CheckedFace out;
  Checker c(prefix, out.problems);
  if (!face.is_object()) {
    out.problems.push_back({prefix, fmt::format("is a JSON {}, not an object", face.type_name())});
    return out;
  }
  auto& f = out.facts;
  f.face_id = c.text(face, "FaceID").value_or("");
  c.integer(face, "InfoKind", 0);
  c.text(face, "SourceID");
  f.device_id = c.device(face, "DeviceID", known).value_or("");
  for (const char* box : {"LeftTopX", "LeftTopY", "RightBtmX", "RightBtmY"}) c.integer(face, box, 0);
  const auto appear = c.time(face, "FaceAppearTime");
  const auto disappear = c.time(face, "FaceDisAppearTime");
  f.appear_time = appear.value_or("");
  f.disappear_time = disappear.value_or("");
  if (appear && disappear && *appear > *disappear)
    c.add("FaceAppearTime", fmt::format("{} is after FaceDisAppearTime {}", quote_value(*appear), quote_value(*disappear)));
  f.shot_time = c.time(face, "ShotTime", false).value_or("");
  const auto list = face.find("SubImageList");
  const json* subs = nullptr;
  if (list == face.end() || !list->is_object())
    c.add("SubImageList", "is missing (a face push carries its images)");
  else if (!list->contains("SubImageInfoObject") || !(*list)["SubImageInfoObject"].is_array())
    c.add("SubImageList.SubImageInfoObject", "is missing or not an array");
  else if ((*list)["SubImageInfoObject"].empty())
    c.add("SubImageList.SubImageInfoObject", "is empty");
  else
    subs = &(*list)["SubImageInfoObject"];
  for (std::size_t i = 0; subs && i < subs->size(); ++i) {
    const auto& sub = (*subs)[i];
    const std::string sub_prefix = fmt::format("{}.SubImageList.SubImageInfoObject[{}]", prefix, i);
    Checker s(sub_prefix, out.problems);
    ViidImageFacts img;
    if (!sub.is_object()) {
      out.problems.push_back({sub_prefix, fmt::format("is a JSON {}, not an object", sub.type_name())});
      continue;
    }
    fill_image_info(s, sub, img);
    img.type = s.text(sub, "Type").value_or("");
    s.device(sub, "DeviceID", known);
    s.text(sub, "StoragePath", false);
    s.data(sub, "Data", img);
    f.sub_images.push_back(std::move(img));
  }
  for (const auto& p : out.problems) f.problems.push_back(p.path + ": " + p.message);
  return out;
}

CheckedImage check_image(const json& image, const std::string& prefix, const DeviceKnown& known) {
  CheckedImage out;
  Checker c(prefix, out.problems);
  if (!image.is_object()) {
    out.problems.push_back({prefix, fmt::format("is a JSON {}, not an object", image.type_name())});
    return out;
  }
  const auto info = image.find("ImageInfo");
  if (info == image.end() || !info->is_object()) {
    c.add("ImageInfo", "is missing");
  } else {
    Checker i(prefix + ".ImageInfo", out.problems);
    fill_image_info(i, *info, out.facts);
    out.facts.type = i.text(*info, "ImageSource", false).value_or("");
    out.device_id = i.device(*info, "DeviceID", known).value_or("");
  }
  c.data(image, "Data", out.facts);
  return out;
}

}  // namespace

bool CheckedPush::well_formed() const {
  if (!body_problems.empty()) return false;
  const auto clean = [](const auto& o) { return o.problems.empty(); };
  return std::all_of(faces.begin(), faces.end(), clean) && std::all_of(images.begin(), images.end(), clean);
}

CheckedPush check_faces(const json& body, const DeviceKnown& known) {
  CheckedPush out;
  const json* faces = array_of(body, "FaceListObject", "FaceObject", out.body_problems);
  for (std::size_t i = 0; faces && i < faces->size(); ++i)
    out.faces.push_back(check_face((*faces)[i], fmt::format("FaceListObject.FaceObject[{}]", i), known));
  return out;
}

CheckedPush check_images(const json& body, const DeviceKnown& known) {
  CheckedPush out;
  const json* images = array_of(body, "ImageListObject", "Image", out.body_problems);
  for (std::size_t i = 0; images && i < images->size(); ++i)
    out.images.push_back(check_image((*images)[i], fmt::format("ImageListObject.Image[{}]", i), known));
  return out;
}

}  // namespace facecert::drivers::viid
