#include "facecert/datasets/dataset_check.h"

#include <set>

#include <fmt/format.h>

#include "facecert/datasets/clip.h"

namespace facecert::datasets {
namespace {

DatasetProblem item_problem(DatasetProblem::Severity severity, const Dataset& d, std::size_t i, std::string message) {
  return {severity, i, d.items[i].line, d.items[i].file, std::move(message)};
}

DatasetProblem set_warning(std::string message) {
  return {DatasetProblem::Severity::Warning, std::nullopt, 0, "", std::move(message)};
}

void check_media(const Dataset& d, const ValidateOptions& options, std::vector<DatasetProblem>& out) {
  using S = DatasetProblem::Severity;
  std::map<std::string, std::size_t> first_row;  // normalised path -> first item index
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    const auto path = resolve(d, d.items[i]);
    const auto key = path.lexically_normal().string();
    if (const auto [it, fresh] = first_row.emplace(key, i); !fresh) {
      const auto& first = d.items[it->second];
      out.push_back(item_problem(S::Error, d, i,
                                 first.line ? fmt::format("the same file as line {}", first.line)
                                            : fmt::format("the same file as item {}", it->second)));
      continue;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      out.push_back(item_problem(S::Error, d, i, fmt::format("no such file: {}", path.string())));
      continue;
    }
    if (media_kind_of(path) == MediaKind::Unknown) {
      out.push_back(item_problem(S::Error, d, i,
                                 fmt::format("unknown extension '{}' (images: jpg jpeg png bmp webp; videos: avi "
                                             "mov mp4 mkv webm)", path.extension().string())));
      continue;
    }
    if (!options.decode) continue;
    try {
      load_clip(path, 1);
    } catch (const DatasetError& e) {
      out.push_back(item_problem(S::Error, d, i, fmt::format("cannot decode: {}", e.what())));
    }
  }
}

void check_coverage(const Dataset& d, std::vector<DatasetProblem>& out) {
  std::set<std::string> bona_subjects;
  std::map<std::string, std::set<std::string>> species_subjects;  // species -> subjects imitated
  std::map<std::string, std::size_t> attack_only;                 // subject -> attack count
  for (const auto& item : d.items) {
    if (item.is_bona_fide())
      bona_subjects.insert(item.subject);
    else
      species_subjects[item.kind].insert(item.subject);
  }
  if (d.items.empty()) {
    out.push_back(set_warning("the data set has no item"));
    return;
  }
  if (bona_subjects.empty()) {
    out.push_back(set_warning("no bona fide item: BPCER cannot be measured"));
    return;
  }
  for (const auto& [species, subjects] : species_subjects) {
    bool covered = false;
    for (const auto& s : subjects) covered = covered || bona_subjects.count(s);
    if (!covered)
      out.push_back(set_warning(fmt::format(
          "species '{}': none of the {} subject(s) it imitates has a bona fide item", species, subjects.size())));
  }
  for (const auto& item : d.items)
    if (!item.is_bona_fide() && !bona_subjects.count(item.subject)) ++attack_only[item.subject];
  for (const auto& [subject, count] : attack_only)
    out.push_back(set_warning(fmt::format("subject '{}' has only attacks ({} item(s), no bona fide)", subject, count)));
}

}  // namespace

std::vector<DatasetProblem> validate(const Dataset& dataset, const ValidateOptions& options) {
  std::vector<DatasetProblem> problems;
  check_media(dataset, options, problems);
  check_coverage(dataset, problems);
  return problems;
}

const char* media_kind_name(MediaKind kind) {
  return kind == MediaKind::Image ? "image" : kind == MediaKind::Video ? "video" : "unknown";
}

DatasetStats stats(const Dataset& dataset) {
  DatasetStats s;
  s.items = dataset.items.size();
  for (const auto& item : dataset.items) {
    ++s.per_kind[item.kind];
    ++s.per_subject[item.subject];
    ++s.per_split[item.split.empty() ? "(none)" : item.split];
    ++s.per_media[media_kind_name(media_kind_of(item.file))];
    (item.is_bona_fide() ? s.bona_fide : s.attacks) += 1;
  }
  s.subjects = s.per_subject.size();
  return s;
}

nlohmann::json to_json(const std::vector<DatasetProblem>& problems) {
  auto list = nlohmann::json::array();
  std::size_t errors = 0;
  for (const auto& p : problems) {
    nlohmann::json j{{"severity", p.is_error() ? "error" : "warning"}, {"message", p.message}};
    if (p.item) j["item"] = *p.item;
    if (p.line) j["line"] = p.line;
    if (!p.file.empty()) j["file"] = p.file;
    errors += p.is_error();
    list.push_back(std::move(j));
  }
  return {{"errors", errors}, {"warnings", problems.size() - errors}, {"problems", std::move(list)}};
}

nlohmann::json to_json(const DatasetStats& s) {
  return {{"items", s.items},         {"subjects", s.subjects},     {"bona_fide", s.bona_fide},
          {"attacks", s.attacks},     {"per_kind", s.per_kind},     {"per_subject", s.per_subject},
          {"per_split", s.per_split}, {"per_media", s.per_media}};
}

}  // namespace facecert::datasets
