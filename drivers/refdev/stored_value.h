// A value of a record as the device reads it back from its own storage (storage/records), and
// how it goes out as JSON: text whole; binary content (a BLOB, a file's bytes, text that is not
// UTF-8) only summarised by size, SHA-256 and the media type its magic number gives, so the
// harness can tell an image from text without moving the image:
//   {"kind":"text","value":"..."} | {"kind":"blob","size":n,"sha256":"hex","mediaType":"image/jpeg"}
//   | {"kind":"null"}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::refdev {

struct StoredValue {
  enum class Kind { Text, Blob, Null };
  Kind kind = Kind::Null;
  std::string data;  // the text or the bytes

  static StoredValue text(std::string s);  // becomes a blob when not valid UTF-8
  static StoredValue blob(std::string bytes) { return {Kind::Blob, std::move(bytes)}; }
  static StoredValue null() { return {}; }
};

using StoredRecord = std::vector<std::pair<std::string, StoredValue>>;  // field -> value

// "image/jpeg", "image/png", "image/bmp", "image/webp", else "application/octet-stream".
std::string media_type_of(const std::string& bytes);
nlohmann::json to_json(const StoredValue& v);
nlohmann::json to_json(const StoredRecord& r);

}  // namespace facecert::refdev
