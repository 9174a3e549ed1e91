// SiW (Spoof in the Wild): {Train,Test}/{live,spoof}/<subject>/SUBJ-SENSOR-TYPE-MEDIUM-SESSION.mov
// (e.g. 006-2-3-4-1.mov). Type 1 live, 2 print, 3 replay; the medium and sensor numbers are kept
// in the instrument and conditions as the set numbers them (docs/spoof-datasets.md).
#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {
namespace {

const char* const kSplits[][2] = {{"Train", "train"}, {"Test", "test"}};

bool detect(const std::filesystem::path& root) {
  std::error_code ec;
  for (const auto& s : kSplits)
    if (std::filesystem::is_directory(root / s[0] / "live", ec) || std::filesystem::is_directory(root / s[0] / "spoof", ec))
      return true;
  return false;
}

Imported load(const std::filesystem::path& root, const LoaderOptions&) {
  Imported out;
  out.dataset.name = "siw";
  static const std::regex name(R"((\d+)-(\d+)-(\d+)-(\d+)-(\d+))");
  for (const auto& s : kSplits) {
    for (const char* folder : {"live", "spoof"}) {
      std::vector<std::filesystem::path> subjects;
      std::error_code ec;
      for (std::filesystem::directory_iterator it(root / s[0] / folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec)) subjects.push_back(it->path());
      std::sort(subjects.begin(), subjects.end());
      for (const auto& subject : subjects) {
        for (const auto& f : files_in(subject, {".mov", ".mp4", ".avi"})) {
          const auto rel = f.lexically_relative(root).generic_string();
          std::smatch m;
          const auto stem = f.stem().string();
          if (!std::regex_match(stem, m, name)) {
            out.warnings.push_back(fmt::format("{}: not a SUBJ-SENSOR-TYPE-MEDIUM-SESSION name, skipped", rel));
            continue;
          }
          const int type = std::stoi(m[3].str());
          DatasetItem item;
          item.file = rel;
          item.subject = m[1].str();
          item.split = s[1];
          item.conditions = fmt::format("sensor {}, session {}", m[2].str(), m[5].str());
          item.extra["sensor"] = m[2].str();
          item.extra["medium"] = m[4].str();
          item.extra["session"] = m[5].str();
          if (type == 1) {
            item.kind = kBonaFide;
          } else if (type == 2) {
            item.kind = "print";
            item.instrument = fmt::format("photo print, medium {}", m[4].str());
          } else if (type == 3) {
            item.kind = "replay";
            item.instrument = fmt::format("video replay, medium {}", m[4].str());
          } else {
            out.warnings.push_back(fmt::format("{}: type {} is not 1 (live), 2 (print) or 3 (replay), skipped", rel, type));
            continue;
          }
          if ((type == 1) != (std::string(folder) == "live"))
            out.warnings.push_back(fmt::format("{}: type {} in the {} folder; the name's type is used", rel, type, folder));
          out.dataset.items.push_back(std::move(item));
        }
      }
    }
  }
  return out;
}

const LoaderRegistration kSiw{Loader{
    "siw", "SiW, Spoof in the Wild (print and replay on several media; 165 subjects)",
    "Train/{live,spoof}/<subject>/ or Test/{live,spoof}/<subject>/ holding SUBJ-SENSOR-TYPE-MEDIUM-SESSION.mov",
    {}, detect, load}};

}  // namespace
}  // namespace facecert::datasets
