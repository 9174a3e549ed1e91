// JSON bodies: every string value and every numeric array (feature templates), with a JSONPath.
// Parsed with simdjson (a reused parser per thread): JSON API traffic is most of what a device
// sends in clear, and the walk must not be what limits the analyser's speed.
#include <algorithm>
#include <iterator>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "body_walkers.h"

namespace facecert::probes::http {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool plain_key(std::string_view k) {
  if (k.empty() || (k[0] >= '0' && k[0] <= '9')) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

// Appends ".a" or, for keys that are not identifiers, ["a b"] with the key JSON-escaped.
void append_member(std::string& path, std::string_view key) {
  if (plain_key(key)) {
    path += '.';
    path += key;
    return;
  }
  path += "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') path += '\\';
    if (static_cast<unsigned char>(c) < 0x20)
      fmt::format_to(std::back_inserter(path), "\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    else
      path += c;
  }
  path += "\"]";
}

bool is_number(element e) {
  const auto t = e.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

// Iterative depth-first walk (hostile nesting does not grow the call stack) over one path buffer:
// an item records how long its parent's path was, and since a parent's prefix is never touched
// before all of its descendants are done, truncating to that length and appending the item's own
// step gives its path. No string is built per element: API traffic is mostly JSON.
void walk(element root, std::string path, const ValueSink& sink) {
  struct Item {
    element node;
    std::size_t parent_len;
    std::string_view key;  // member name, or the array's key for its elements
    std::size_t index;     // array index; npos for a member or the root
    bool member;
  };
  const std::size_t npos = static_cast<std::size_t>(-1);
  std::vector<Item> todo{{root, path.size(), {}, npos, false}};
  std::size_t first_kid = 0;
  while (!todo.empty()) {
    const Item it = todo.back();
    todo.pop_back();
    path.resize(it.parent_len);
    if (it.member)
      append_member(path, it.key);
    else if (it.index != npos)
      fmt::format_to(std::back_inserter(path), "[{}]", it.index);
    const std::size_t len = path.size();
    switch (it.node.type()) {
      case element_type::STRING: {
        std::string_view s;
        if (it.node.get(s) == simdjson::SUCCESS) sink({path, it.key, s, 0});
        break;
      }
      case element_type::OBJECT: {
        first_kid = todo.size();
        for (auto field : simdjson::dom::object(it.node)) todo.push_back({field.value, len, field.key, npos, true});
        std::reverse(todo.begin() + static_cast<std::ptrdiff_t>(first_kid), todo.end());
        break;
      }
      case element_type::ARRAY: {
        const simdjson::dom::array array(it.node);
        std::size_t n = 0;
        bool numeric = true, integers = true;
        for (element v : array) {
          ++n;
          numeric = numeric && is_number(v);
          integers = integers && v.type() != element_type::DOUBLE;
        }
        if (n > 0 && numeric) {
          sink({path, it.key, {}, n, integers});
          break;
        }
        first_kid = todo.size();
        std::size_t i = 0;
        for (element v : array) todo.push_back({v, len, it.key, i++, false});
        std::reverse(todo.begin() + static_cast<std::ptrdiff_t>(first_kid), todo.end());
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace

bool walk_json(std::string_view text, const std::string& prefix, const ValueSink& sink) {
  thread_local simdjson::dom::parser parser;
  element doc;
  if (parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(doc) != simdjson::SUCCESS) return false;
  walk(doc, prefix + "json:$", sink);
  return true;
}

}  // namespace facecert::probes::http
