#include "stored_value.h"

#include "capture_store.h"
#include "media_catalog.h"

namespace facecert::refdev {

StoredValue StoredValue::text(std::string s) {
  try {
    (void)nlohmann::json(s).dump();  // the JSON library's own UTF-8 check
  } catch (const nlohmann::json::type_error&) {
    return blob(std::move(s));
  }
  return {Kind::Text, std::move(s)};
}

std::string media_type_of(const std::string& bytes) {
  const std::string ext = image_extension(bytes);
  if (ext == "jpg") return "image/jpeg";
  if (ext == "bin") return "application/octet-stream";
  return "image/" + ext;  // png, bmp, webp
}

nlohmann::json to_json(const StoredValue& v) {
  switch (v.kind) {
    case StoredValue::Kind::Text: return {{"kind", "text"}, {"value", v.data}};
    case StoredValue::Kind::Blob:
      return {{"kind", "blob"},
              {"size", v.data.size()},
              {"sha256", sha256_hex(v.data)},
              {"mediaType", media_type_of(v.data)}};
    case StoredValue::Kind::Null: break;
  }
  return {{"kind", "null"}};
}

nlohmann::json to_json(const StoredRecord& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [field, value] : r) j[field] = to_json(value);
  return j;
}

}  // namespace facecert::refdev
