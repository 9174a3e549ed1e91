#include "storage_catalog.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "device.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string iso8601_of(fs::file_time_type t) {
  return iso8601(std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(t)));
}

StoredRecord record_of(const nlohmann::json& object) {
  StoredRecord r;
  for (const auto& [key, value] : object.items())
    r.emplace_back(key, value.is_string() ? StoredValue::text(value.get<std::string>())
                        : value.is_null() ? StoredValue::null()
                                          : StoredValue::text(value.dump()));
  return r;
}

std::vector<std::string> keys_of(const nlohmann::json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// A folder: a record per file (recursively): its path under DATA, size, time and bytes.
Store directory_store(const fs::path& data_dir, const std::string& name, const std::string& holds) {
  return {{name, holds, "directory", name + "/", {"file", "size", "modified", "content"}},
          [data_dir, name] {
            std::vector<fs::path> files;
            std::error_code ec;
            for (auto it = fs::recursive_directory_iterator(data_dir / name, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
              if (it->is_regular_file()) files.push_back(it->path());
            std::sort(files.begin(), files.end());
            std::vector<StoredRecord> out;
            for (const auto& f : files) {
              std::error_code e2;
              const auto when = fs::last_write_time(f, e2);
              if (e2) continue;  // erased meanwhile
              std::string bytes = file_bytes(f);
              const auto size = bytes.size();
              out.push_back({{"file", StoredValue::text(fs::relative(f, data_dir).generic_string())},
                             {"size", StoredValue::text(std::to_string(size))},
                             {"modified", StoredValue::text(iso8601_of(when))},
                             {"content", StoredValue::blob(std::move(bytes))}});
            }
            return out;
          }};
}

// JSON lines (the audit log): a record per line.
Store json_lines_store(const fs::path& file, const std::string& name, const std::string& holds,
                       std::vector<std::string> fields) {
  return {{name, holds, "file", file.filename().string(), std::move(fields)}, [file] {
            std::istringstream lines(file_bytes(file));
            std::vector<StoredRecord> out;
            std::string line;
            while (std::getline(lines, line)) {
              const auto j = nlohmann::json::parse(line, nullptr, false);
              out.push_back(j.is_object() ? record_of(j)
                                          : StoredRecord{{"line", StoredValue::text(line)}});
            }
            return out;
          }};
}

// A JSON object (settings.json): one record, a field per key.
Store json_object_store(const fs::path& file, const std::string& name, const std::string& holds) {
  const auto j = nlohmann::json::parse(file_bytes(file), nullptr, false);
  if (!j.is_object()) return json_lines_store(file, name, holds, {"line"});
  return {{name, holds, "file", file.filename().string(), keys_of(j)},
          [j] { return std::vector<StoredRecord>{record_of(j)}; }};
}

// Any other file: one record with its content (text when it is UTF-8).
Store content_store(const fs::path& file, const std::string& name, const std::string& holds) {
  return {{name, holds, "file", file.filename().string(), {"content"}}, [file] {
            return std::vector<StoredRecord>{{{"content", StoredValue::text(file_bytes(file))}}};
          }};
}

void add_sqlite_stores(const fs::path& file, std::vector<Store>& out) {
  const SqliteInspector db(file);
  for (const auto& table : db.tables()) {
    const auto columns = db.columns(table);
    std::vector<std::string> fields;
    for (const auto& c : columns) fields.push_back(c.name);
    out.push_back({{table, table_holds(columns), "sqlite-table", file.filename().string(), fields},
                   [file, table] { return SqliteInspector(file).rows(table); }});
  }
}

Store events_store(Device& device) {
  return {{"recognition-events", "event", "memory", "", {"time", "mode", "decision", "FPID", "score"}},
          [&device] {
            std::vector<StoredRecord> out;
            for (const auto& e : device.events().recent())
              out.push_back({{"time", StoredValue::text(e.time)},
                             {"mode", StoredValue::text(e.mode)},
                             {"decision", StoredValue::text(e.decision)},
                             {"FPID", StoredValue::text(e.person_id)},
                             {"score", StoredValue::text(fmt::format("{}", e.score))}});
            return out;
          }};
}

// The template protection keys (6.1.3): their ids and dates, never the secrets.
Store template_keys_store(Device& device) {
  return {{"keys", "credentials", "directory", "keys/", {"keyId", "created", "default"}}, [&device] {
            std::vector<StoredRecord> out;
            for (const auto& k : device.template_keys().list())
              out.push_back({{"keyId", StoredValue::text(k.key_id)},
                             {"created", StoredValue::text(k.created)},
                             {"default", StoredValue::text(k.is_default ? "true" : "false")}});
            return out;
          }};
}

bool sqlite_side_file(const std::string& name) {  // the journal, WAL and shared memory of a DB
  for (const char* suffix : {".sqlite-journal", ".sqlite-wal", ".sqlite-shm"})
    if (name.size() > std::strlen(suffix) &&
        name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

}  // namespace

nlohmann::json to_json(const StoreDescription& d) {
  return {{"name", d.name},
          {"holds", d.holds},
          {"locationKind", d.location_kind},
          {"location", d.location},
          {"fields", d.fields}};
}

std::string table_holds(const std::vector<SqliteColumn>& columns) {
  bool face = false, identity = false;
  for (const auto& c : columns) {
    const std::string name = lower(c.name);
    if (name == "name" || name == "id_number" || name.find("certificate") != std::string::npos)
      identity = true;
    if (lower(c.declared_type) == "blob" || name.find("image") != std::string::npos ||
        name.find("template") != std::string::npos || name.find("feature") != std::string::npos)
      face = true;
  }
  return face && identity ? "face+identity" : face ? "face" : identity ? "identity" : "unknown";
}

std::vector<Store> storage_catalog(Device& device) {
  static const std::map<std::string, std::string> kFolders{
      {"faces", "face"}, {"captures", "capture"}, {"tls", "credentials"}};
  const fs::path& data = device.data_dir();
  std::vector<fs::directory_entry> top;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data, ec)) top.push_back(e);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot list: {}", data.string(), ec.message()));
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });

  std::vector<Store> out;
  for (const auto& e : top) {
    const std::string name = e.path().filename().string();
    std::error_code e2;
    if (e.is_directory(e2) && name == "keys") {
      out.push_back(template_keys_store(device));
    } else if (e.is_directory(e2)) {
      const auto kind = kFolders.find(name);
      out.push_back(directory_store(data, name, kind == kFolders.end() ? "unknown" : kind->second));
    } else if (!e.is_regular_file(e2) || sqlite_side_file(name)) {
      continue;
    } else if (e.path().extension() == ".sqlite") {
      add_sqlite_stores(e.path(), out);
    } else if (name == "audit.log") {
      out.push_back(json_lines_store(e.path(), "audit-log", "event",
                                     keys_of(nlohmann::json(AuditRecord{}))));
    } else if (name == "settings.json") {
      out.push_back(json_object_store(e.path(), "settings", "settings"));
    } else {
      out.push_back(content_store(e.path(), e.path().stem().string(),
                                  name == "serial.txt" ? "settings" : "unknown"));
    }
  }
  out.push_back(events_store(device));
  return out;
}

}  // namespace facecert::refdev
