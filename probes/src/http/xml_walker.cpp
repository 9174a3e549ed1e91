// XML bodies (ISAPI-style device APIs): element text and attribute values with an XPath-like path.
#include <vector>

#include <pugixml.hpp>

#include "body_walkers.h"

namespace facecert::probes::http {
namespace {

class Walker final : public pugi::xml_tree_walker {
 public:
  Walker(std::string prefix, const ValueSink& sink) : prefix_(std::move(prefix)), sink_(sink) {}

  bool for_each(pugi::xml_node& node) override {
    const auto d = static_cast<std::size_t>(depth());
    if (node.type() == pugi::node_element) {
      names_.resize(d);
      names_.emplace_back(node.name());
      for (const auto& a : node.attributes()) {
        const std::string_view v = a.value();
        sink_({path() + "/@" + a.name(), a.name(), v, 0});
      }
    } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      names_.resize(std::min(names_.size(), d));
      const std::string_view key = names_.empty() ? std::string_view{} : std::string_view(names_.back());
      sink_({path(), key, node.value(), 0});
    }
    return true;
  }

 private:
  std::string path() const {
    std::string p = prefix_ + "xml:";
    for (const auto& n : names_) p += "/" + n;
    return p;
  }
  std::string prefix_;
  const ValueSink& sink_;
  std::vector<std::string> names_;
};

}  // namespace

bool walk_xml(std::string_view text, const std::string& prefix, const ValueSink& sink) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_cdata)) return false;
  Walker w(prefix, sink);
  doc.traverse(w);
  return true;
}

}  // namespace facecert::probes::http
