// Walks an HTTP body by its media type and yields the values worth inspecting, each with a path
// naming where it sat: json:$.FaceList[0].Data, multipart:FaceImage, form:photo, xml:/Req/Face/Data.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace facecert::probes::http {

struct BodyValue {
  std::string_view path;    // valid only during the callback, as are key and bytes
  std::string_view key;     // the field name it sat under ("Data", "FaceImage"); may be empty
  std::string_view bytes;   // string value (valid only during the callback)
  std::size_t numbers = 0;  // > 0: a JSON array of this many numbers (bytes is empty)
  bool integers = false;    // every number of that array is an integer
};

using ValueSink = std::function<void(const BodyValue&)>;

// Dispatches on media type (and sniffs JSON/XML when the type is missing or generic). Nested
// documents (JSON inside a multipart part or a form value) are walked up to two levels deep, their
// paths joined with '/'. Returns false when the body is none of these (the caller looks at it whole).
bool walk_body(std::string_view media_type, std::string_view content_type_header,
               std::string_view body, const ValueSink& sink, const std::string& prefix = {},
               int depth = 0);

bool walk_json(std::string_view text, const std::string& prefix, const ValueSink& sink);
bool walk_xml(std::string_view text, const std::string& prefix, const ValueSink& sink);
void walk_multipart(std::string_view body, std::string_view boundary, const std::string& prefix,
                    const ValueSink& sink, int depth);
void walk_urlencoded(std::string_view text, const std::string& prefix, const ValueSink& sink,
                     int depth);
std::string percent_decode(std::string_view s);

}  // namespace facecert::probes::http
