// The isapi driver against answers no device should give: a login page, an ISAPI XML error, broken
// JSON. Each must be one clear DriverError line (method, URL, HTTP status, the device's reason),
// never a crash and never a success.
#include <gtest/gtest.h>

#include "drivers/scripted_device_support.h"
#include "facecert/drivers/isapi_alert_stream.h"
#include "facecert/drivers/registry.h"

namespace {

using facecert::drivers::DriverConfig;
using facecert::drivers::DriverError;
using facecert::drivers::DriverRegistry;
using facecert::testing::ScriptedDevice;

DriverConfig isapi_config(const std::string& url) {
  DriverConfig c;
  c.driver = "isapi";
  c.base_url = url;
  c.user = "admin";
  c.password = "pw";
  c.timeout = std::chrono::milliseconds(3000);
  return c;
}

// The DriverError text of constructing the driver ("" when it did not throw).
std::string construction_error(const DriverConfig& c) {
  try {
    DriverRegistry::instance().make(c);
  } catch (const DriverError& e) {
    return e.what();
  }
  return "";
}

TEST(IsapiBadDevice, HtmlLoginPageIsNamedByItsTitle) {
  ScriptedDevice device("html");
  const std::string what = construction_error(isapi_config(device.url()));
  EXPECT_EQ(what, "GET " + device.url() +
                      "/ISAPI/System/capabilities: HTTP 200 OK: HTML page 'Web Login' instead of "
                      "JSON/XML");
}

TEST(IsapiBadDevice, XmlResponseStatusGivesSubStatusAndErrorMsg) {
  ScriptedDevice device("xml-error");
  const std::string what = construction_error(isapi_config(device.url()));
  EXPECT_EQ(what, "GET " + device.url() +
                      "/ISAPI/System/capabilities: HTTP 403 Forbidden: notSupport (The operation "
                      "is not supported)");
}

TEST(IsapiBadDevice, BrokenJsonIsRefusedNotAccepted) {
  ScriptedDevice device("bad-json");
  auto d = DriverRegistry::instance().make(isapi_config(device.url()));
  ASSERT_TRUE(d->has(facecert::drivers::Capability::ReadEvents));
  try {
    d->read_events();
    FAIL() << "broken JSON accepted";
  } catch (const DriverError& e) {
    EXPECT_EQ(std::string(e.what()),
              "POST " + device.url() +
                  "/ISAPI/AccessControl/AcsEvent?format=json: HTTP 200 OK: response is not a JSON "
                  "object: '{broken'");
  }
  EXPECT_THROW(d->delete_person("x"), DriverError);
}

TEST(IsapiBadDevice, AlertStreamThatIsNotMultipartIsRefused) {
  ScriptedDevice device("bad-json");
  facecert::drivers::AlertStreamClient client({device.url(), "admin", "pw", "", std::chrono::milliseconds(3000)});
  try {
    client.collect(std::chrono::milliseconds(2000));
    FAIL() << "a JSON answer accepted as an alert stream";
  } catch (const DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("expected multipart/mixed with a boundary, got "
                                         "'application/json'"),
              std::string::npos)
        << e.what();
  }
}

TEST(IsapiBadDevice, UnknownExtensionIsRefused) {
  auto c = isapi_config("http://127.0.0.1:1");
  c.options["extension"] = "acme";
  EXPECT_EQ(construction_error(c), "isapi driver: unknown extension 'acme' (known: refdev)");
}

}  // namespace
