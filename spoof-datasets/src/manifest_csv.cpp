#include "manifest_csv.h"

#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "facecert/datasets/manifest.h"

namespace facecert::datasets::csv {

std::vector<Record> read(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw DatasetError(fmt::format("{}: cannot read (a folder)", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DatasetError(fmt::format("{}: cannot read", file.string()));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw DatasetError(fmt::format("{}: cannot read", file.string()));
  std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  std::vector<Record> records;
  std::size_t line = 1;
  while (i < text.size()) {
    Record rec;
    rec.line = line;
    std::string value;
    bool any = false;  // the record has a character (so a blank line is not a record)
    for (;;) {
      if (i < text.size() && text[i] == '"') {
        const std::size_t open_line = line;
        any = true;
        ++i;
        for (;;) {
          if (i >= text.size())
            throw DatasetError(fmt::format("{}:{}: unterminated quoted field", file.string(), open_line));
          const char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              value += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            value += c;
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw DatasetError(fmt::format("{}:{}: text after a closing quote", file.string(), line));
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            throw DatasetError(fmt::format("{}:{}: a quote inside an unquoted field", file.string(), line));
          value += text[i++];
          any = true;
        }
      }
      rec.fields.push_back(std::move(value));
      value.clear();
      if (i < text.size() && text[i] == ',') {
        any = true;
        ++i;
        continue;
      }
      break;  // end of line or of text
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    ++line;
    if (any) records.push_back(std::move(rec));
  }
  return records;
}

std::string field(const std::string& value) {
  const bool quote = value.find_first_of(",\"\r\n") != std::string::npos ||
                     (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace facecert::datasets::csv
