// The ISAPI alert stream: the multipart reader on split input, and the real reference device
// pushing an identify event and heartbeats; a stopped stream returns promptly.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/refdev_process_support.h"
#include "facecert/drivers/isapi_alert_stream.h"
#include "facecert/drivers/registry.h"

namespace {

using facecert::drivers::AlertStreamClient;
using facecert::drivers::MultipartStreamReader;
using facecert::testing::demo_image;
using facecert::testing::RefdevProcess;
using Decision = facecert::drivers::MatchResult::Decision;
using namespace std::chrono_literals;

TEST(IsapiMultipartStream, ReadsPartsSplitAnywhereWithAndWithoutContentLength) {
  const std::string stream =
      "--MIME_boundary\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n"
      "{\"a\":\"b\"}\r\n"
      "--MIME_boundary\r\nContent-Type: application/xml\r\n\r\n<x>--MIME</x>\r\n"
      "--MIME_boundary\r\nContent-Type: text/plain\r\n\r\nlast\r\n--MIME_boundary--\r\n";
  for (std::size_t step : {1u, 7u, 1000u}) {
    MultipartStreamReader reader("MIME_boundary");
    std::vector<MultipartStreamReader::Part> parts;
    for (std::size_t i = 0; i < stream.size(); i += step)
      for (auto& p : reader.feed(std::string_view(stream).substr(i, step))) parts.push_back(p);
    ASSERT_EQ(parts.size(), 3u) << "step " << step;
    EXPECT_EQ(parts[0].body, "{\"a\":\"b\"}");
    EXPECT_EQ(parts[0].content_type, "application/json");
    EXPECT_EQ(parts[1].body, "<x>--MIME</x>");
    EXPECT_EQ(parts[2].body, "last");
    EXPECT_TRUE(reader.closed());
  }
  EXPECT_EQ(facecert::drivers::multipart_boundary("multipart/mixed; boundary=\"b1\"; x=y"), "b1");
  EXPECT_EQ(facecert::drivers::multipart_boundary("multipart/mixed; boundary=MIME_boundary"), "MIME_boundary");
}

TEST(IsapiMultipartStream, ParsesXmlEventNotificationAlert) {
  const auto a = facecert::drivers::parse_alert(
      "application/xml",
      "<EventNotificationAlert version=\"2.0\"><eventType>AccessControllerEvent</eventType>"
      "<dateTime>2026-01-01T00:00:00+08:00</dateTime><AccessControllerEvent>"
      "<majorEventType>5</majorEventType><subEventType>75</subEventType>"
      "<employeeNoString>e7</employeeNoString></AccessControllerEvent></EventNotificationAlert>",
      "test");
  EXPECT_EQ(a.event_type, "AccessControllerEvent");
  EXPECT_EQ(a.minor, 75);
  ASSERT_TRUE(a.recognition);
  EXPECT_EQ(a.recognition->decision, Decision::Accepted);
  EXPECT_EQ(a.recognition->person_id, "e7");
  EXPECT_THROW(facecert::drivers::parse_alert("text/plain", "hello", "test"),
               facecert::drivers::DriverError);
}

AlertStreamClient::Options options_for(const RefdevProcess& device) {
  return {device.url(), "admin", RefdevProcess::kPassword, "", 5000ms};
}

TEST(IsapiAlertStream, DeliversAnIdentifyEventAndHeartbeats) {
  RefdevProcess device({"--heartbeat-s", "1"});
  auto config = device.config();
  config.driver = "isapi";
  config.options["extension"] = "refdev";
  const auto d = facecert::drivers::DriverRegistry::instance().make(config);
  const auto id = d->enrol({"Eileen Collins", "1"}, demo_image("astronaut.jpg")).person_id;

  AlertStreamClient client(options_for(device));
  std::thread presenter([&] {
    std::this_thread::sleep_for(2500ms);  // after the stream is open and a heartbeat came
    try {
      facecert::drivers::DriverRegistry::instance().make(config)->identify(demo_image("astronaut.jpg"));
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  });
  facecert::drivers::AlertCollection got;
  try {
    got = client.collect(9000ms, 1);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
  presenter.join();
  EXPECT_EQ(got.ended, "enough events");
  ASSERT_EQ(got.events.size(), 1u);
  const auto& e = got.events[0];
  EXPECT_EQ(e.event_type, "AccessControllerEvent");
  EXPECT_EQ(e.major, 5);
  EXPECT_EQ(e.minor, 75);
  EXPECT_EQ(e.employee_no, id);
  ASSERT_TRUE(e.recognition);
  EXPECT_EQ(e.recognition->decision, Decision::Accepted);
  EXPECT_EQ(e.recognition->person_id, id);
  EXPECT_GE(got.heartbeats.size(), 1u);
  for (const auto& h : got.heartbeats) EXPECT_FALSE(h.date_time.empty());
}

TEST(IsapiAlertStream, AStoppedStreamReturnsPromptlyAndOtherRequestsGoOn) {
  RefdevProcess device;  // heartbeats every 10 s: nothing arrives while the test waits
  AlertStreamClient client(options_for(device));
  std::vector<std::unique_ptr<AlertStreamClient>> others;
  std::vector<std::thread> holders;
  for (int i = 0; i < 3; ++i) {  // as many open streams as the device has I/O threads
    others.push_back(std::make_unique<AlertStreamClient>(options_for(device)));
    holders.emplace_back([c = others.back().get()] {
      try {
        c->collect(20s);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
  }
  std::atomic<std::chrono::steady_clock::rep> stopped_at{0};
  std::thread stopper([&] {
    std::this_thread::sleep_for(700ms);
    // The device still answers other requests while the streams are open.
    auto config = device.config();
    config.driver = "isapi";
    try {
      EXPECT_EQ(facecert::drivers::DriverRegistry::instance().make(config)->info().model, "FC-REF-1");
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
    stopped_at = std::chrono::steady_clock::now().time_since_epoch().count();
    client.stop();
  });
  facecert::drivers::AlertCollection got;
  try {
    got = client.collect(20s);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
  const auto returned = std::chrono::steady_clock::now().time_since_epoch().count();
  const auto took = std::chrono::steady_clock::duration(returned - stopped_at.load());
  stopper.join();
  for (auto& c : others) c->stop();
  for (auto& t : holders) t.join();
  EXPECT_EQ(got.ended, "stopped");
  EXPECT_TRUE(got.events.empty());
  EXPECT_LT(took, 1s);  // from stop() to collect() returning
}

TEST(IsapiAlertStream, WrongPasswordIsAClearError) {
  RefdevProcess device;
  auto o = options_for(device);
  o.password = "wrong";
  AlertStreamClient client(o);
  try {
    client.collect(3s);
    FAIL() << "opened with a wrong password";
  } catch (const facecert::drivers::DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("/ISAPI/Event/notification/alertStream: HTTP 401"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
