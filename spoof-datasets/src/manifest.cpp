// The manifest (docs/spoof-datasets.md): CSV with a header row; file, kind, subject required;
// instrument, conditions, split optional; any other column kept in `extra` and written back.
#include "facecert/datasets/manifest.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "manifest_csv.h"

namespace facecert::datasets {
namespace {

const char* const kColumns[] = {"file", "kind", "subject", "instrument", "conditions", "split"};

bool is_species_label(const std::string& kind) {
  return !kind.empty() && std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string* column_of(DatasetItem& item, const std::string& name) {
  if (name == "file") return &item.file;
  if (name == "kind") return &item.kind;
  if (name == "subject") return &item.subject;
  if (name == "instrument") return &item.instrument;
  if (name == "conditions") return &item.conditions;
  if (name == "split") return &item.split;
  return nullptr;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

MediaKind media_kind_of(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  for (const char* e : {".jpg", ".jpeg", ".png", ".bmp", ".webp"})
    if (ext == e) return MediaKind::Image;
  for (const char* e : {".avi", ".mov", ".mp4", ".mkv", ".webm"})
    if (ext == e) return MediaKind::Video;
  return MediaKind::Unknown;
}

Dataset read_manifest(const std::filesystem::path& csv_file) {
  const std::string name = csv_file.string();
  const auto records = csv::read(csv_file);
  if (records.empty()) throw DatasetError(fmt::format("{}: empty manifest (no header row)", name));
  const auto& header_rec = records.front();
  std::vector<std::string> header;
  std::set<std::string> seen;
  for (const auto& h : header_rec.fields) {
    header.push_back(trimmed(h));
    if (header.back().empty())
      throw DatasetError(fmt::format("{}:{}: empty column name in the header", name, header_rec.line));
    if (!seen.insert(header.back()).second)
      throw DatasetError(fmt::format("{}:{}: column '{}' appears twice", name, header_rec.line, header.back()));
  }
  for (const char* required : {"file", "kind", "subject"})
    if (!seen.count(required))
      throw DatasetError(fmt::format("{}:{}: missing required column '{}' (the header needs file,kind,subject)",
                                     name, header_rec.line, required));
  Dataset dataset;
  const auto folder = std::filesystem::absolute(csv_file).parent_path();
  dataset.root = folder;
  dataset.name = folder.filename().string();
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != header.size())
      throw DatasetError(fmt::format("{}:{}: {} fields, the header has {}", name, rec.line, rec.fields.size(),
                                     header.size()));
    DatasetItem item;
    item.line = rec.line;
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (std::string* slot = column_of(item, header[c]))
        *slot = rec.fields[c];
      else if (!rec.fields[c].empty())
        item.extra[header[c]] = rec.fields[c];
    }
    item.kind = trimmed(item.kind);
    if (item.file.empty()) throw DatasetError(fmt::format("{}:{}: empty file", name, rec.line));
    if (item.kind.empty()) throw DatasetError(fmt::format("{}:{}: empty kind", name, rec.line));
    if (item.kind != kBonaFide && !is_species_label(item.kind))
      throw DatasetError(fmt::format(
          "{}:{}: kind '{}' is neither bona_fide nor a species label of lower-case letters, digits and _",
          name, rec.line, item.kind));
    dataset.items.push_back(std::move(item));
  }
  return dataset;
}

void write_manifest(const std::filesystem::path& csv_file, const Dataset& dataset) {
  std::set<std::string> extra_columns;
  for (const auto& item : dataset.items)
    for (const auto& [key, value] : item.extra) extra_columns.insert(key);
  std::ofstream out(csv_file, std::ios::binary);
  if (!out) throw DatasetError(fmt::format("{}: cannot write the manifest", csv_file.string()));
  std::string header;
  for (const char* c : kColumns) header += std::string(header.empty() ? "" : ",") + c;
  for (const auto& c : extra_columns) header += "," + csv::field(c);
  out << header << "\r\n";
  for (const auto& item : dataset.items) {
    DatasetItem copy = item;
    std::string row;
    for (const char* c : kColumns) row += std::string(row.empty() ? "" : ",") + csv::field(*column_of(copy, c));
    for (const auto& c : extra_columns) {
      const auto it = item.extra.find(c);
      row += "," + csv::field(it == item.extra.end() ? std::string() : it->second);
    }
    out << row << "\r\n";
  }
  out.flush();
  if (!out) throw DatasetError(fmt::format("{}: cannot write the manifest", csv_file.string()));
}

std::filesystem::path resolve(const Dataset& dataset, const DatasetItem& item) {
  const std::filesystem::path file(item.file);
  return file.is_absolute() ? file : dataset.root / file;
}

}  // namespace facecert::datasets
