// CelebA-Spoof: Data/{train,test}/<id>/{live,spoof}/*.jpg|png with the labels in
// metas/intra_test/{train,test}_label.json ("Data/train/.../x.jpg": [44 ints]; index 40 the spoof
// type, 41 illumination, 42 environment). Without a label, a live/ image is bona fide and a spoof/
// image gets the species spoof_unspecified (with a warning).
#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {
namespace {

struct SpoofType {
  const char* kind;
  const char* instrument;
};

// Index 40 of the label: 0 live, 1-10 spoof types (CelebA-Spoof paper, ECCV 2020).
const SpoofType kTypes[] = {
    {kBonaFide, ""},           {"print", "photo"},          {"print", "poster"},
    {"print", "A4 print"},     {"paper_mask", "face mask"}, {"paper_mask", "upper body mask"},
    {"paper_mask", "region mask"}, {"replay", "PC screen"}, {"replay", "tablet (pad) screen"},
    {"replay", "phone screen"}, {"mask_3d", "3D mask"},
};
const char* const kIllumination[] = {"", "normal light", "strong light", "back light", "dark"};
const char* const kEnvironment[] = {"", "indoor", "outdoor"};

bool detect(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::is_directory(root / "Data" / "train", ec) || std::filesystem::is_directory(root / "Data" / "test", ec);
}

// Relative path -> label vector, from the split's label file when present.
std::map<std::string, std::vector<int>> read_labels(const std::filesystem::path& file) {
  std::map<std::string, std::vector<int>> labels;
  std::ifstream in(file);
  if (!in) return labels;
  nlohmann::json j;
  try {
    in >> j;
    for (const auto& [path, values] : j.items()) labels[path] = values.get<std::vector<int>>();
  } catch (const nlohmann::json::exception& e) {
    throw DatasetError(fmt::format("{}: not a label file (path -> 44 integers): {}", file.string(), e.what()));
  }
  return labels;
}

Imported load(const std::filesystem::path& root, const LoaderOptions&) {
  Imported out;
  out.dataset.name = "celeba-spoof";
  for (const char* split : {"train", "test"}) {
    const auto data = root / "Data" / split;
    std::error_code ec;
    if (!std::filesystem::is_directory(data, ec)) continue;
    const auto label_file = root / "metas" / "intra_test" / (std::string(split) + "_label.json");
    const auto labels = read_labels(label_file);
    if (labels.empty())
      out.warnings.push_back(fmt::format("{}: no labels; spoof/ images get the species spoof_unspecified",
                                         label_file.lexically_relative(root).generic_string()));
    std::vector<std::filesystem::path> ids;
    for (std::filesystem::directory_iterator it(data, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) ids.push_back(it->path());
    std::sort(ids.begin(), ids.end());
    std::size_t unlabelled = 0;
    for (const auto& id : ids) {
      for (const char* folder : {"live", "spoof"}) {
        for (const auto& f : files_in(id / folder, {".jpg", ".jpeg", ".png"})) {
          DatasetItem item;
          item.file = f.lexically_relative(root).generic_string();
          item.subject = id.filename().string();
          item.split = split;
          const auto label = labels.find(item.file);
          if (label != labels.end() && label->second.size() > 42 && label->second[40] >= 0 && label->second[40] <= 10) {
            const auto& v = label->second;
            item.kind = kTypes[v[40]].kind;
            item.instrument = kTypes[v[40]].instrument;
            const char* light = v[41] >= 0 && v[41] <= 4 ? kIllumination[v[41]] : "";
            const char* place = v[42] >= 0 && v[42] <= 2 ? kEnvironment[v[42]] : "";
            item.conditions = std::string(light) + (*light && *place ? ", " : "") + place;
            if ((v[40] == 0) != (std::string(folder) == "live"))
              out.warnings.push_back(fmt::format("{}: label spoof type {} in the {} folder; the label is used",
                                                 item.file, v[40], folder));
          } else {
            if (!labels.empty()) ++unlabelled;
            item.kind = std::string(folder) == "live" ? kBonaFide : "spoof_unspecified";
          }
          out.dataset.items.push_back(std::move(item));
        }
      }
    }
    if (unlabelled)
      out.warnings.push_back(fmt::format("{} image(s) of Data/{} have no usable label; taken by folder (spoof -> "
                                         "spoof_unspecified)", unlabelled, split));
  }
  return out;
}

const LoaderRegistration kCelebaSpoof{Loader{
    "celeba-spoof", "CelebA-Spoof (print, paper masks, replay, 3D mask; images of 10,177 subjects)",
    "Data/train/<id>/{live,spoof}/*.jpg|png or Data/test/... (labels in metas/intra_test/{train,test}_label.json)",
    {}, detect, load}};

}  // namespace
}  // namespace facecert::datasets
