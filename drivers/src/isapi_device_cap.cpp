#include "isapi_device_cap.h"

#include <cstring>

#include "text_util.h"

namespace facecert::drivers::isapi {
namespace {

// Element name without a namespace prefix ("isapi:isSupportFDLib" -> "isSupportFDLib").
std::string local_name(const pugi::xml_node& n) {
  const char* name = n.name();
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

}  // namespace

DeviceCap::DeviceCap(pugi::xml_node device_cap) {
  struct Walker : pugi::xml_tree_walker {
    std::map<std::string, bool>* flags;
    std::set<std::string>* elements;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      const std::string name = local_name(n);
      const std::string value = text::lower(text::trim(n.text().get()));
      const bool on = value == "true" || value == "1";
      elements->insert(name);
      (*flags)[name] = (*flags)[name] || on;
      if (n.parent() && n.parent().type() == pugi::node_element) {
        auto& v = (*flags)[local_name(n.parent()) + "/" + name];
        v = v || on;
      }
      return true;
    }
  } walker;
  walker.flags = &flags_;
  walker.elements = &elements_;
  device_cap.traverse(walker);
}

bool DeviceCap::has(const std::string& flag) const {
  const auto it = flags_.find(flag);
  return it != flags_.end() && it->second;
}

bool DeviceCap::has_element(const std::string& name) const { return elements_.count(name) != 0; }

}  // namespace facecert::drivers::isapi
