// What an ISAPI device says it supports: GET /ISAPI/System/capabilities (<DeviceCap>), read once.
// Flags are elements whose text is "true", looked up by name anywhere below <DeviceCap> (ISAPI
// nests some, e.g. <EventCap><isSupportAlertStream>). facecert's reference device lists its own
// features under <RefdevCap>. Private header.
#pragma once

#include <map>
#include <set>
#include <string>

#include <pugixml.hpp>

namespace facecert::drivers::isapi {

class DeviceCap {
 public:
  DeviceCap() = default;
  explicit DeviceCap(pugi::xml_node device_cap);
  // "isSupportAcsEvent", or "RefdevCap/isSupportCameraFeed" for a flag under an element.
  bool has(const std::string& flag) const;
  bool has_element(const std::string& name) const;

 private:
  std::map<std::string, bool> flags_;  // path ("a" or "Parent/a") -> value
  std::set<std::string> elements_;     // every element name seen
};

}  // namespace facecert::drivers::isapi
