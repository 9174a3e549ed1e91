// RFC 4180 CSV as the manifest and the PAD trial tables use it: records with the line each starts
// on; quoted fields may hold commas, quotes ("") and line breaks. Private to the library.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace facecert::datasets::csv {

struct Record {
  std::size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

// Reads every non-blank record; a UTF-8 byte order mark is skipped. Throws DatasetError
// "FILE: cannot read" or "FILE:LINE: ..." for an unterminated quote or a stray quote.
std::vector<Record> read(const std::filesystem::path& file);

// One field, quoted when it holds a comma, a quote, a line break or leading/trailing space.
std::string field(const std::string& value);

}  // namespace facecert::datasets::csv
