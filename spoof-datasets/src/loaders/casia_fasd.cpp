// CASIA-FASD: {train_release,test_release}/<subject>/{1..8,HR_1..HR_4}.avi. 1,2,HR_1 real;
// 3,4,HR_2 warped photo; 5,6,HR_3 cut photo (eye holes); 7,8,HR_4 video replay. Odd numbers low
// quality, even normal, HR_ high. Train and test subjects are different people with overlapping
// numbers, so the subject is "train_N" / "test_N".
#include <algorithm>

#include <fmt/format.h>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {
namespace {

const char* const kReleases[][2] = {{"train_release", "train"}, {"test_release", "test"}};

struct Kind {
  const char* name;
  const char* kind;
  const char* instrument;
  const char* quality;
};

const Kind kKinds[] = {
    {"1", kBonaFide, "", "low quality"},         {"2", kBonaFide, "", "normal quality"},
    {"HR_1", kBonaFide, "", "high quality"},     {"3", "print", "warped photo print", "low quality"},
    {"4", "print", "warped photo print", "normal quality"},
    {"HR_2", "print", "warped photo print", "high quality"},
    {"5", "paper_mask", "cut photo, eye holes", "low quality"},
    {"6", "paper_mask", "cut photo, eye holes", "normal quality"},
    {"HR_3", "paper_mask", "cut photo, eye holes", "high quality"},
    {"7", "replay", "video replayed on a tablet screen", "low quality"},
    {"8", "replay", "video replayed on a tablet screen", "normal quality"},
    {"HR_4", "replay", "video replayed on a tablet screen", "high quality"},
};

bool detect(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::is_directory(root / "train_release", ec) || std::filesystem::is_directory(root / "test_release", ec);
}

Imported load(const std::filesystem::path& root, const LoaderOptions&) {
  Imported out;
  out.dataset.name = "casia-fasd";
  for (const auto& release : kReleases) {
    std::vector<std::filesystem::path> subjects;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(root / release[0], ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) subjects.push_back(it->path());
    std::sort(subjects.begin(), subjects.end());
    for (const auto& subject : subjects) {
      for (const auto& f : files_in(subject, {".avi"})) {
        const auto rel = f.lexically_relative(root).generic_string();
        const Kind* k = nullptr;
        for (const auto& candidate : kKinds)
          if (f.stem() == candidate.name) k = &candidate;
        if (!k) {
          out.warnings.push_back(fmt::format("{}: not one of 1-8 or HR_1-HR_4, skipped", rel));
          continue;
        }
        DatasetItem item;
        item.file = rel;
        item.kind = k->kind;
        item.subject = std::string(release[1]) + "_" + subject.filename().string();
        item.instrument = k->instrument;
        item.conditions = k->quality;
        item.split = release[1];
        out.dataset.items.push_back(std::move(item));
      }
    }
  }
  return out;
}

const LoaderRegistration kCasiaFasd{Loader{
    "casia-fasd", "CASIA-FASD (warped photo, cut photo, video replay at 3 qualities; 50 subjects)",
    "train_release/<subject>/ or test_release/<subject>/ holding 1.avi..8.avi, HR_1.avi..HR_4.avi", {}, detect,
    load}};

}  // namespace
}  // namespace facecert::datasets
