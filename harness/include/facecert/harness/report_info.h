// Issue 8: what the inspector enters for the report cover (docs/report-info.md): report number,
// project, site, client, lab, inspectors, test dates, environment, and product fields that
// override or complete what the driver read. Given as JSON to `facecert run --report-info` or
// `facecert report --report-info`, stored in the journal.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace facecert::harness {

// Reads and checks a report-info file: an object with only the documented keys, each of the
// documented type. Throws std::runtime_error "FILE: ..." naming the key at fault.
nlohmann::json load_report_info(const std::filesystem::path& file);

// The same check on a parsed value; `where` prefixes the message.
void check_report_info(const nlohmann::json& info, const std::string& where);

// The product as the cover states it: the driver's device info, each field the inspector entered
// (report_info.product) taking its place. Keys: maker, model, firmware, serial (+ name if known).
nlohmann::json product_fields(const nlohmann::json& device_info, const nlohmann::json& report_info);

// facecert, OpenSSL, OpenCV and libpcap versions of this process (stored with each run).
nlohmann::json tool_versions();

}  // namespace facecert::harness
