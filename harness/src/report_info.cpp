#include "facecert/harness/report_info.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <opencv2/core/utility.hpp>
#include <pcap/pcap.h>

namespace facecert::harness {
namespace {

enum class Kind { Text, TextList, Object };

// The documented keys (docs/report-info.md); nested objects list their own string fields.
const std::map<std::string, Kind>& top_keys() {
  static const std::map<std::string, Kind> k{
      {"report_number", Kind::Text}, {"project", Kind::Text},   {"site", Kind::Text},
      {"client", Kind::Text},        {"lab", Kind::Object},     {"inspectors", Kind::TextList},
      {"test_dates", Kind::Object},  {"environment", Kind::Object}, {"product", Kind::Object},
      {"remarks", Kind::Text}};
  return k;
}

const std::map<std::string, std::vector<std::string>>& nested_keys() {
  static const std::map<std::string, std::vector<std::string>> k{
      {"lab", {"name", "accreditation", "address"}},
      {"test_dates", {"from", "to"}},
      {"environment", {"temperature", "humidity", "lighting", "network"}},
      {"product", {"maker", "model", "firmware", "serial", "name"}}};
  return k;
}

}  // namespace

void check_report_info(const nlohmann::json& info, const std::string& where) {
  if (!info.is_object()) throw std::runtime_error(fmt::format("{}: report info must be a JSON object", where));
  for (const auto& [key, value] : info.items()) {
    const auto it = top_keys().find(key);
    if (it == top_keys().end())
      throw std::runtime_error(fmt::format("{}: unknown key \"{}\" (see docs/report-info.md)", where, key));
    if (it->second == Kind::Text && !value.is_string())
      throw std::runtime_error(fmt::format("{}: \"{}\" must be a string", where, key));
    if (it->second == Kind::TextList) {
      if (!value.is_array())
        throw std::runtime_error(fmt::format("{}: \"{}\" must be a list of strings", where, key));
      for (const auto& v : value)
        if (!v.is_string())
          throw std::runtime_error(fmt::format("{}: \"{}\" must be a list of strings", where, key));
    }
    if (it->second == Kind::Object) {
      if (!value.is_object())
        throw std::runtime_error(fmt::format("{}: \"{}\" must be an object", where, key));
      const auto& allowed = nested_keys().at(key);
      for (const auto& [k, v] : value.items()) {
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
          throw std::runtime_error(fmt::format("{}: unknown key \"{}.{}\" (see docs/report-info.md)", where, key, k));
        if (!v.is_string())
          throw std::runtime_error(fmt::format("{}: \"{}.{}\" must be a string", where, key, k));
      }
    }
  }
}

nlohmann::json load_report_info(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read the report info", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json info = nlohmann::json::parse(text.str(), nullptr, false);
  if (info.is_discarded())
    throw std::runtime_error(fmt::format("{}: not valid JSON (see docs/report-info.md)", file.string()));
  check_report_info(info, file.string());
  return info;
}

nlohmann::json product_fields(const nlohmann::json& device_info, const nlohmann::json& report_info) {
  nlohmann::json p = nlohmann::json::object();
  if (device_info.is_object())
    for (const char* k : {"maker", "model", "firmware", "serial", "name"})
      if (device_info.contains(k) && device_info[k].is_string() && !device_info[k].get<std::string>().empty())
        p[k] = device_info[k];
  if (report_info.is_object() && report_info.contains("product") && report_info["product"].is_object())
    for (const auto& [k, v] : report_info["product"].items())
      if (v.is_string() && !v.get<std::string>().empty()) p[k] = v;
  return p;
}

nlohmann::json tool_versions() {
  return {{"facecert", FACECERT_VERSION},
          {"openssl", OpenSSL_version(OPENSSL_VERSION)},
          {"opencv", cv::getVersionString()},
          {"libpcap", pcap_lib_version()}};
}

}  // namespace facecert::harness
