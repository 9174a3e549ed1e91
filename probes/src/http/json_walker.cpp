// JSON bodies: every string value and every numeric array (feature templates), with a JSONPath.
// Parsed with simdjson (a reused parser per thread): JSON API traffic is most of what a device
// sends in clear, and the walk must not be what limits the analyser's speed.
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

// "$.a" or, for keys that are not identifiers, $["a b"] with the key JSON-escaped.
std::string member_path(const std::string& parent, std::string_view key) {
  if (plain_key(key)) return parent + "." + std::string(key);
  std::string quoted = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (static_cast<unsigned char>(c) < 0x20)
      quoted += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    else
      quoted += c;
  }
  return parent + "[" + quoted + "\"]";
}

bool is_number(element e) {
  const auto t = e.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

// Iterative walk: hostile nesting depth does not grow the call stack.
void walk(element root, const std::string& prefix, const ValueSink& sink) {
  struct Item {
    element node;
    std::string path;
    std::string_view key;
  };
  std::vector<Item> todo{{root, prefix + "$", {}}};
  std::vector<Item> kids;
  while (!todo.empty()) {
    Item it = std::move(todo.back());
    todo.pop_back();
    switch (it.node.type()) {
      case element_type::STRING: {
        std::string_view s;
        if (it.node.get(s) == simdjson::SUCCESS) sink({it.path, it.key, s, 0});
        break;
      }
      case element_type::OBJECT: {
        kids.clear();
        for (auto field : simdjson::dom::object(it.node)) kids.push_back({field.value, member_path(it.path, field.key), field.key});
        todo.insert(todo.end(), std::make_move_iterator(kids.rbegin()), std::make_move_iterator(kids.rend()));
        break;
      }
      case element_type::ARRAY: {
        const simdjson::dom::array array(it.node);
        std::size_t n = 0;
        bool numeric = true;
        for (element v : array) {
          ++n;
          numeric = numeric && is_number(v);
        }
        if (n > 0 && numeric) {
          sink({it.path, it.key, {}, n});
          break;
        }
        kids.clear();
        std::size_t i = 0;
        for (element v : array) kids.push_back({v, fmt::format("{}[{}]", it.path, i++), it.key});
        todo.insert(todo.end(), std::make_move_iterator(kids.rbegin()), std::make_move_iterator(kids.rend()));
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
  walk(doc, prefix + "json:", sink);
  return true;
}

}  // namespace facecert::probes::http
