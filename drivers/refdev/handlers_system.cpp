// GET /ISAPI/System/deviceInfo (XML, as ISAPI's <DeviceInfo>), GET /ISAPI/Security/userCheck and
// GET /ISAPI/System/capabilities (ISAPI <DeviceCap>, with the refdev-only features in <RefdevCap>).
#include <fmt/format.h>

#include "device.h"
#include "router.h"

namespace facecert::refdev {
namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

ApiReply device_info(Device& device, const ApiRequest&) {
  const auto& id = device.identity();
  const std::string service =
      id.template_service_url.empty()
          ? std::string()
          : fmt::format("<templateServiceUrl>{}</templateServiceUrl>\n",
                        xml_escape(id.template_service_url));
  return xml_reply(fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<DeviceInfo version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n"
      "<deviceName>{}</deviceName>\n<deviceID>{}</deviceID>\n<model>{}</model>\n"
      "<serialNumber>{}</serialNumber>\n<firmwareVersion>{}</firmwareVersion>\n"
      "<manufacturer>{}</manufacturer>\n<deviceType>ACS</deviceType>\n{}</DeviceInfo>\n",
      xml_escape(id.name), xml_escape(id.serial), xml_escape(id.model), xml_escape(id.serial),
      xml_escape(id.firmware), xml_escape(id.manufacturer), service));
}

ApiReply user_check(Device&, const ApiRequest&) {
  return xml_reply(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<userCheck><statusValue>200</statusValue><statusString>OK</statusString></userCheck>\n");
}

ApiReply capabilities(Device&, const ApiRequest&) {
  return xml_reply(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<DeviceCap version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n"
      "<isSupportUserInfo>true</isSupportUserInfo>\n"
      "<isSupportFDLib>true</isSupportFDLib>\n"
      "<isSupportAcsEvent>true</isSupportAcsEvent>\n"
      "<isSupportLogSearch>true</isSupportLogSearch>\n"
      "<EventCap><isSupportAlertStream>true</isSupportAlertStream></EventCap>\n"
      "<RefdevCap>\n"
      "<isSupportCameraFeed>true</isSupportCameraFeed>\n"
      "<isSupportClipPresentation>true</isSupportClipPresentation>\n"
      "<isSupportStorageInspection>true</isSupportStorageInspection>\n"
      "<isSupportTemplateProtection>true</isSupportTemplateProtection>\n"
      "<isSupportRetention>true</isSupportRetention>\n"
      "</RefdevCap>\n"
      "</DeviceCap>\n");
}

}  // namespace

void add_system_routes(Router& r) {
  r.add("GET", "/ISAPI/System/deviceInfo", device_info);
  r.add("GET", "/ISAPI/Security/userCheck", user_check);
  r.add("GET", "/ISAPI/System/capabilities", capabilities);
}

}  // namespace facecert::refdev
