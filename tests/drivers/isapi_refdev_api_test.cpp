// The reference device's ISAPI access-control endpoints, spoken to directly: capabilities,
// UserInfo record / modify / search / delete, FaceDataRecord for an existing person, the paged
// AcsEvent search.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "drivers/refdev_process_support.h"
#include "facecert/drivers/http_client.h"
#include "facecert/drivers/multipart.h"

namespace {

using facecert::drivers::HttpClient;
using facecert::drivers::HttpResponse;
using facecert::testing::demo_image;
using facecert::testing::RefdevProcess;
using json = nlohmann::json;

class RefdevIsapiApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { device_ = new RefdevProcess(); }
  static void TearDownTestSuite() { delete device_; }

  HttpResponse send(const char* method, const std::string& path, const json& body) {
    return http_.request(method, device_->url() + path, body.dump(), "application/json");
  }
  json json_of(const HttpResponse& r) { return json::parse(r.body); }

  HttpResponse face_record(const json& record, const std::string& photo) {
    const auto image = demo_image(photo);
    const auto body = facecert::drivers::multipart::encode(
        {{"FaceDataRecord", "", "application/json", record.dump()},
         {"FaceImage", "face.jpg", "image/jpeg", std::string(image.bytes.begin(), image.bytes.end())}});
    return http_.request("POST", device_->url() + "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json",
                         body.body, body.content_type);
  }

  json search(const json& cond) {
    const auto r = send("POST", "/ISAPI/AccessControl/UserInfo/Search?format=json",
                        {{"UserInfoSearchCond", cond}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).at("UserInfoSearch");
  }

  static RefdevProcess* device_;
  HttpClient http_{{std::chrono::milliseconds(10000), "admin", RefdevProcess::kPassword, "", 64ull << 20}};
};
RefdevProcess* RefdevIsapiApi::device_ = nullptr;

TEST_F(RefdevIsapiApi, CapabilitiesListIsapiFlagsAndRefdevCap) {
  const auto r = http_.request("GET", device_->url() + "/ISAPI/System/capabilities");
  ASSERT_EQ(r.status, 200);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str()));
  const auto cap = doc.child("DeviceCap");
  ASSERT_TRUE(cap);
  EXPECT_STREQ(cap.attribute("xmlns").value(), "http://www.isapi.org/ver20/XMLSchema");
  for (const char* flag : {"isSupportUserInfo", "isSupportFDLib", "isSupportAcsEvent", "isSupportLogSearch"})
    EXPECT_STREQ(cap.child_value(flag), "true") << flag;
  EXPECT_STREQ(cap.child("EventCap").child_value("isSupportAlertStream"), "true");
  EXPECT_STREQ(cap.child("RefdevCap").child_value("isSupportCameraFeed"), "true");
  EXPECT_STREQ(cap.child("RefdevCap").child_value("isSupportTemplateProtection"), "true");
}

TEST_F(RefdevIsapiApi, UserInfoRecordModifySearchDeleteRoundTrip) {
  auto r = send("POST", "/ISAPI/AccessControl/UserInfo/Record?format=json",
                {{"UserInfo", {{"employeeNo", "emp001"}, {"name", "Ada"}, {"userType", "normal"},
                               {"certificateType", "ID"}, {"certificateNumber", "110105194912310021"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("statusCode"), 1);
  EXPECT_EQ(json_of(r).at("employeeNo"), "emp001");

  // The same employeeNo again is refused.
  r = send("POST", "/ISAPI/AccessControl/UserInfo/Record?format=json",
           {{"UserInfo", {{"employeeNo", "emp001"}, {"name", "Ada"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json_of(r).at("subStatusCode"), "employeeNoAlreadyExist");

  // Without employeeNo the device assigns one.
  r = send("POST", "/ISAPI/AccessControl/UserInfo/Record?format=json", {{"UserInfo", {{"name", "Grace"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string assigned = json_of(r).at("employeeNo");
  EXPECT_FALSE(assigned.empty());

  r = send("PUT", "/ISAPI/AccessControl/UserInfo/Modify?format=json",
           {{"UserInfo", {{"employeeNo", "emp001"}, {"name", "Ada Lovelace"}, {"certificateNumber", "2"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto found = search({{"searchID", "s1"}, {"searchResultPosition", 0}, {"maxResults", 30},
                       {"EmployeeNoList", {{{"employeeNo", "emp001"}}}}});
  EXPECT_EQ(found.at("responseStatusStrg"), "OK");
  EXPECT_EQ(found.at("searchID"), "s1");
  ASSERT_EQ(found.at("numOfMatches"), 1);
  EXPECT_EQ(found.at("UserInfo")[0].at("name"), "Ada Lovelace");
  EXPECT_EQ(found.at("UserInfo")[0].at("certificateNumber"), "2");
  EXPECT_EQ(found.at("UserInfo")[0].at("numOfFace"), 0);

  // The face of the existing person: FPID = employeeNo.
  r = face_record({{"faceLibType", "blackFD"}, {"FDID", "1"}, {"FPID", "emp001"}}, "astronaut.jpg");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("FPID"), "emp001");
  found = search({{"searchID", "s2"}, {"EmployeeNoList", {{{"employeeNo", "emp001"}}}}});
  EXPECT_EQ(found.at("UserInfo")[0].at("numOfFace"), 1);

  // Paging over both persons, one per page.
  found = search({{"searchID", "s3"}, {"searchResultPosition", 0}, {"maxResults", 1}});
  EXPECT_EQ(found.at("responseStatusStrg"), "MORE");
  EXPECT_GE(found.at("totalMatches").get<int>(), 2);

  r = send("PUT", "/ISAPI/AccessControl/UserInfo/Delete?format=json",
           {{"UserInfoDelCond", {{"EmployeeNoList", {{{"employeeNo", "emp001"}}, {{"employeeNo", assigned}}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  found = search({{"searchID", "s4"}, {"EmployeeNoList", {{{"employeeNo", "emp001"}}}}});
  EXPECT_EQ(found.at("responseStatusStrg"), "NO MATCH");
  EXPECT_EQ(found.at("numOfMatches"), 0);

  r = send("PUT", "/ISAPI/AccessControl/UserInfo/Delete?format=json",
           {{"UserInfoDelCond", {{"EmployeeNoList", {{{"employeeNo", "emp001"}}}}}}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json_of(r).at("subStatusCode"), "noSuchPerson");
  r = send("PUT", "/ISAPI/AccessControl/UserInfo/Modify?format=json",
           {{"UserInfo", {{"employeeNo", "emp001"}, {"name", "x"}}}});
  EXPECT_EQ(r.status, 404);
}

TEST_F(RefdevIsapiApi, FaceForUnknownEmployeeNoIs404) {
  const auto r = face_record({{"faceLibType", "blackFD"}, {"FDID", "1"}, {"FPID", "nobody42"}}, "astronaut.jpg");
  EXPECT_EQ(r.status, 404);
  const auto j = json_of(r);
  EXPECT_EQ(j.at("subStatusCode"), "noSuchPerson");
  EXPECT_EQ(j.at("errorMsg"), "no person with employeeNo 'nobody42'");
}

TEST_F(RefdevIsapiApi, AcsEventSearchPagesEveryEventExactlyOnce) {
  const auto before = json_of(send("POST", "/ISAPI/AccessControl/AcsEvent?format=json",
                                   {{"AcsEventCond", {{"searchID", "c"}, {"maxResults", 1}}}}))
                          .at("AcsEvent").at("totalMatches").get<int>();
  const auto frame = demo_image("messi5.jpg");
  for (int i = 0; i < 7; ++i)
    ASSERT_EQ(http_.request("POST", device_->url() + "/ISAPI/Refdev/camera/frame?mode=identify",
                            std::string(frame.bytes.begin(), frame.bytes.end()), "image/jpeg")
                  .status,
              200);
  std::set<std::uint64_t> serials;
  int position = 0, pages = 0;
  for (;;) {
    const auto page = json_of(send("POST", "/ISAPI/AccessControl/AcsEvent?format=json",
                                   {{"AcsEventCond", {{"searchID", "p"}, {"searchResultPosition", position},
                                                      {"maxResults", 3}, {"major", 0}, {"minor", 0}}}}))
                          .at("AcsEvent");
    ++pages;
    EXPECT_EQ(page.at("totalMatches").get<int>(), before + 7);
    for (const auto& e : page.value("InfoList", json::array())) {
      EXPECT_EQ(e.at("major"), 5);
      EXPECT_EQ(e.at("minor"), 76);  // a stranger: face authentication failed
      EXPECT_EQ(e.at("currentVerifyMode"), "face");
      EXPECT_EQ(e.at("decision"), "rejected");
      EXPECT_TRUE(serials.insert(e.at("serialNo").get<std::uint64_t>()).second) << "twice: " << e;
    }
    position += page.at("numOfMatches").get<int>();
    if (page.at("responseStatusStrg") != "MORE") {
      EXPECT_EQ(page.at("responseStatusStrg"), "OK");
      break;
    }
    ASSERT_LT(pages, 20);
  }
  EXPECT_EQ(static_cast<int>(serials.size()), before + 7);
  EXPECT_EQ(pages, (before + 7 + 2) / 3);
  // The GET form still answers every event.
  const auto all = json_of(http_.request("GET", device_->url() + "/ISAPI/AccessControl/AcsEvent?format=json"));
  EXPECT_EQ(all.at("AcsEvent").at("InfoList").size(), static_cast<std::size_t>(before + 7));
  // Past the end: NO MATCH.
  const auto none = json_of(send("POST", "/ISAPI/AccessControl/AcsEvent?format=json",
                                 {{"AcsEventCond", {{"searchID", "p"}, {"searchResultPosition", 500}, {"maxResults", 3}}}}));
  EXPECT_EQ(none.at("AcsEvent").at("responseStatusStrg"), "NO MATCH");
}

}  // namespace
