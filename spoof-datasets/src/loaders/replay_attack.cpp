// Idiap Replay-Attack: {train,devel,test}/real/*.mov, {train,devel,test}/attack/{fixed,hand}/
// attack_{print,mobile,highdef}_clientNNN_session01_{highdef,mobile}_{photo,video}_{adverse,controlled}.mov
// and enroll/{train,devel,test}/*.mov. Mapping: docs/spoof-datasets.md.
#include <regex>

#include <fmt/format.h>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {
namespace {

const char* const kSplits[][2] = {{"train", "train"}, {"devel", "dev"}, {"test", "test"}};

std::string relative_to(const std::filesystem::path& root, const std::filesystem::path& file) {
  return file.lexically_relative(root).generic_string();
}

std::string lighting_of(const std::string& stem) {
  if (stem.find("adverse") != std::string::npos) return "adverse";
  if (stem.find("controlled") != std::string::npos) return "controlled";
  return "";
}

std::string client_of(const std::string& stem) {
  static const std::regex client(R"(client(\d+))");
  std::smatch m;
  return std::regex_search(stem, m, client) ? "client" + m[1].str() : "";
}

DatasetItem make_item(std::string kind, std::string subject, std::string conditions, std::string split) {
  DatasetItem item;
  item.kind = std::move(kind);
  item.subject = std::move(subject);
  item.conditions = std::move(conditions);
  item.split = std::move(split);
  return item;
}

bool detect(const std::filesystem::path& root) {
  std::error_code ec;
  for (const auto& s : kSplits)
    if (std::filesystem::is_directory(root / s[0] / "real", ec) && std::filesystem::is_directory(root / s[0] / "attack", ec))
      return true;
  return false;
}

Imported load(const std::filesystem::path& root, const LoaderOptions& options) {
  Imported out;
  out.dataset.name = "replay-attack";
  const auto opt = options.find("screen_photo_species");
  const std::string photo_species = opt == options.end() ? "replay" : opt->second;
  if (photo_species.empty() || photo_species.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    throw DatasetError(fmt::format("screen_photo_species '{}': a species label is lower-case letters, digits and _",
                                   photo_species));
  static const std::regex attack(R"(attack_(print|mobile|highdef)_client(\d+)_session\d+_[a-z]+_(photo|video)_(adverse|controlled))");
  auto add = [&](const std::filesystem::path& file, DatasetItem item) {
    item.file = relative_to(root, file);
    if (item.subject.empty()) {
      out.warnings.push_back(fmt::format("{}: no clientNNN in the name, skipped", item.file));
      return;
    }
    out.dataset.items.push_back(std::move(item));
  };
  for (const auto& s : kSplits) {
    const auto split = root / s[0];
    for (const auto& f : files_in(split / "real", {".mov"})) {
      const auto stem = f.stem().string();
      add(f, make_item(kBonaFide, client_of(stem), lighting_of(stem), s[1]));
    }
    for (const char* support : {"fixed", "hand"}) {
      const std::string held = support == std::string("fixed") ? "fixed support" : "hand-held";
      for (const auto& f : files_in(split / "attack" / support, {".mov"})) {
        const auto stem = f.stem().string();
        std::smatch m;
        if (!std::regex_search(stem, m, attack)) {
          out.warnings.push_back(fmt::format("{}: not an attack_<print|mobile|highdef>_clientNNN_..._<photo|video>_"
                                             "<adverse|controlled> name, skipped", relative_to(root, f)));
          continue;
        }
        const std::string device = m[1], medium = m[3];
        auto item = make_item("print", "client" + m[2].str(), m[4].str() + ", " + held, s[1]);
        const std::string screen = device == "mobile" ? "a mobile phone (iPhone 3GS) screen" : "a tablet (iPad) screen";
        if (device == "print") {
          item.instrument = "hard-copy photo print (A4)";
        } else if (medium == "photo") {
          item.kind = photo_species;
          item.instrument = "photo shown on " + screen;
        } else {
          item.kind = "replay";
          item.instrument = "video replayed on " + screen;
        }
        item.extra["support"] = support;
        add(f, std::move(item));
      }
    }
    for (const auto& f : files_in(root / "enroll" / s[0], {".mov"})) {
      const auto stem = f.stem().string();
      auto item = make_item(kBonaFide, client_of(stem), lighting_of(stem), "enrol");
      item.extra["partition"] = s[1];
      add(f, std::move(item));
    }
  }
  return out;
}

const LoaderRegistration kReplayAttack{Loader{
    "replay-attack", "Idiap Replay-Attack (print, photo and video on mobile and tablet screens; 50 clients)",
    "{train,devel,test}/real/*.mov and {train,devel,test}/attack/{fixed,hand}/attack_*.mov (enroll/ optional)",
    {"screen_photo_species=LABEL: species of a photo shown on a screen (default replay; e.g. photo_display)"},
    detect, load}};

}  // namespace
}  // namespace facecert::datasets
