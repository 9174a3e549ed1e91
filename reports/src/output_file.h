// Writing a report file: whole or not at all (temp file + rename), errors name the path.
#pragma once

#include <filesystem>
#include <string_view>

namespace facecert::reports {

// Throws std::runtime_error naming `path` when it cannot be written.
void write_report_file(const std::filesystem::path& path, std::string_view content);

}  // namespace facecert::reports
