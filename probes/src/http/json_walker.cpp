// JSON bodies: every string value and every numeric array (feature templates), with a JSONPath.
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "body_walkers.h"

namespace facecert::probes::http {
namespace {

bool plain_key(const std::string& k) {
  if (k.empty() || (k[0] >= '0' && k[0] <= '9')) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

// Iterative walk: hostile nesting depth does not grow the call stack.
void walk(const nlohmann::json& root, const std::string& prefix, const ValueSink& sink) {
  struct Item {
    const nlohmann::json* node;
    std::string path, key;
  };
  std::vector<Item> todo{{&root, prefix + "$", ""}};
  while (!todo.empty()) {
    Item it = std::move(todo.back());
    todo.pop_back();
    const auto& n = *it.node;
    if (n.is_string()) {
      const auto& s = n.get_ref<const std::string&>();
      sink({it.path, it.key, s, 0});
    } else if (n.is_object()) {
      std::vector<Item> kids;
      for (const auto& [k, v] : n.items())
        kids.push_back({&v, plain_key(k) ? it.path + "." + k : it.path + "[" + nlohmann::json(k).dump() + "]", k});
      todo.insert(todo.end(), std::make_move_iterator(kids.rbegin()), std::make_move_iterator(kids.rend()));
    } else if (n.is_array()) {
      bool numeric = !n.empty();
      for (const auto& v : n) numeric = numeric && v.is_number();
      if (numeric) {
        sink({it.path, it.key, {}, n.size()});
        continue;
      }
      for (std::size_t i = n.size(); i-- > 0;)
        todo.push_back({&n[i], fmt::format("{}[{}]", it.path, i), it.key});
    }
  }
}

}  // namespace

bool walk_json(std::string_view text, const std::string& prefix, const ValueSink& sink) {
  const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return false;
  walk(doc, prefix + "json:", sink);
  return true;
}

}  // namespace facecert::probes::http
