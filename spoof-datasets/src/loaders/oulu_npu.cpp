// OULU-NPU: {Train,Dev,Test}_files/Phone_Session_User_File.avi (e.g. 1_1_01_1.avi); File 1 real,
// 2-3 print (printers 1, 2), 4-5 replay (displays 1, 2). Optional Protocols/Protocol_N/{Train,Dev,
// Test}[_K].txt with lines "+1,1_1_01_1": with --option protocol=N (or N_K) only the listed files
// are taken, split by the list they are in.
#include <fstream>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {
namespace {

const char* const kFolders[][2] = {{"Train_files", "train"}, {"Dev_files", "dev"}, {"Test_files", "test"}};

bool detect(const std::filesystem::path& root) {
  std::error_code ec;
  for (const auto& f : kFolders)
    if (std::filesystem::is_directory(root / f[0], ec)) return true;
  return false;
}

// Name -> split from the protocol's lists; throws when the protocol's folder or lists are missing.
std::map<std::string, std::string> protocol_lists(const std::filesystem::path& root, const std::string& protocol,
                                                  std::vector<std::string>& warnings) {
  static const std::regex form(R"((\d)(?:_(\d))?)");
  std::smatch m;
  if (!std::regex_match(protocol, m, form))
    throw DatasetError(fmt::format("protocol '{}': expected N or N_K (e.g. 1, 3_2)", protocol));
  const auto folder = root / "Protocols" / ("Protocol_" + m[1].str());
  const std::string suffix = m[2].matched ? "_" + m[2].str() : "";
  std::map<std::string, std::string> listed;
  static const std::regex line_form(R"(\s*([+-]?\d+)\s*,\s*(\d_\d_\d\d_\d)\s*)");
  for (const char* list : {"Train", "Dev", "Test"}) {
    const auto file = folder / (std::string(list) + suffix + ".txt");
    std::ifstream in(file);
    if (!in) throw DatasetError(fmt::format("{}: cannot read the protocol list", file.string()));
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      std::smatch lm;
      if (!std::regex_match(line, lm, line_form)) {
        warnings.push_back(fmt::format("{}:{}: not a '+1,1_1_01_1' line, skipped", file.string(), n));
        continue;
      }
      std::string split = list;
      for (auto& c : split) c = char(std::tolower(static_cast<unsigned char>(c)));
      listed[lm[2].str()] = split;
    }
  }
  return listed;
}

Imported load(const std::filesystem::path& root, const LoaderOptions& options) {
  Imported out;
  out.dataset.name = "oulu-npu";
  std::map<std::string, std::string> listed;
  const auto p = options.find("protocol");
  if (p != options.end()) {
    listed = protocol_lists(root, p->second, out.warnings);
    out.dataset.name += "-protocol-" + p->second;
  }
  static const std::regex name(R"((\d)_(\d)_(\d\d)_(\d))");
  std::set<std::string> found;
  for (const auto& folder : kFolders) {
    for (const auto& f : files_in(root / folder[0], {".avi"})) {
      const auto stem = f.stem().string();
      const auto rel = f.lexically_relative(root).generic_string();
      std::smatch m;
      if (!std::regex_match(stem, m, name)) {
        out.warnings.push_back(fmt::format("{}: not a Phone_Session_User_File name, skipped", rel));
        continue;
      }
      std::string split = folder[1];
      if (!listed.empty()) {
        const auto it = listed.find(stem);
        if (it == listed.end()) continue;  // not in the protocol
        split = it->second;
        found.insert(stem);
      }
      const int file = m[4].str()[0] - '0';
      DatasetItem item;
      item.file = rel;
      item.subject = "user" + m[3].str();
      item.split = split;
      item.conditions = fmt::format("phone {}, session {}", m[1].str(), m[2].str());
      item.extra["phone"] = m[1].str();
      item.extra["session"] = m[2].str();
      if (file == 1) {
        item.kind = kBonaFide;
      } else if (file == 2 || file == 3) {
        item.kind = "print";
        item.instrument = fmt::format("photo print, printer {}", file - 1);
      } else if (file == 4 || file == 5) {
        item.kind = "replay";
        item.instrument = fmt::format("video replay, display {}", file - 3);
      } else {
        out.warnings.push_back(fmt::format("{}: file type {} is not 1-5, skipped", rel, file));
        continue;
      }
      out.dataset.items.push_back(std::move(item));
    }
  }
  for (const auto& [n, split] : listed)
    if (!found.count(n)) out.warnings.push_back(fmt::format("{} ({}): listed by the protocol, no such .avi", n, split));
  return out;
}

const LoaderRegistration kOuluNpu{Loader{
    "oulu-npu", "OULU-NPU (mobile phones; print with 2 printers, replay on 2 displays; 55 users)",
    "Train_files/, Dev_files/ or Test_files/ holding Phone_Session_User_File.avi (e.g. 1_1_01_1.avi)",
    {"protocol=N or N_K: only the files of Protocols/Protocol_N/{Train,Dev,Test}[_K].txt, split by list"},
    detect, load}};

}  // namespace
}  // namespace facecert::datasets
