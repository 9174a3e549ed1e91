// The ISAPI event push: GET /ISAPI/Event/notification/alertStream, a long-lived multipart/mixed
// answer whose parts are JSON or XML (EventNotificationAlert) event notifications, heartbeats
// among them. HTTP Digest as HttpClient does it. collect() reads until a time limit, a number of
// events, the device ending the stream, or stop() from another thread; it returns promptly
// (within about 100 ms) after stop().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facecert/drivers/driver.h"

namespace facecert::drivers {

// One notification as the device sent it.
struct AlertEvent {
  std::string event_type;  // eventType: "AccessControllerEvent", "heartBeat", ...
  std::string date_time;   // dateTime, as the device gives it
  int major = 0, minor = 0;  // AccessControllerEvent majorEventType / subEventType (0: none)
  std::string employee_no;   // employeeNoString (the device's person id), "" when none
  std::optional<RecognitionEvent> recognition;  // when it is a face decision (minor 75/76 or
                                                // refdev's decision field)
  std::string content_type;  // of the part
  std::string raw;           // the part's body as received
};

struct AlertCollection {
  std::vector<AlertEvent> events;      // every notification but heartbeats, in arrival order
  std::vector<AlertEvent> heartbeats;  // eventType heartBeat
  std::string ended;  // "time limit", "stopped", "enough events", "device ended the stream"
};

class AlertStreamClient {
 public:
  struct Options {
    std::string base_url;  // e.g. https://127.0.0.1:8443
    std::string user, password;
    std::string ca_file;
    std::chrono::milliseconds connect_timeout{10000};  // connect, TLS, request and answer header
  };
  explicit AlertStreamClient(Options options);

  // Opens the stream and reads it for at most `duration`; `max_events` > 0 stops after that many
  // (non-heartbeat) events. Throws DriverError "GET URL: ..." when the stream cannot be opened,
  // the answer is not 2xx multipart/mixed with a boundary, or a part is neither JSON nor XML.
  AlertCollection collect(std::chrono::milliseconds duration, std::size_t max_events = 0);
  // Any thread: the running (or next) collect() returns promptly, ended "stopped".
  void stop();

 private:
  Options options_;
  std::atomic<bool> stop_{false};
};

// An incremental multipart/mixed reader: feed() the bytes as they come, get the complete parts.
// Parts are framed by "--boundary" lines and, when given, their Content-Length; without one a
// part ends at the next boundary.
class MultipartStreamReader {
 public:
  struct Part {
    std::string content_type;
    std::string body;
  };
  explicit MultipartStreamReader(std::string boundary);
  std::vector<Part> feed(std::string_view bytes);
  bool closed() const { return closed_; }  // the closing "--boundary--" was seen

 private:
  std::string delimiter_;  // "--" + boundary
  std::string buffer_;
  bool closed_ = false;
};

// The boundary parameter of a multipart Content-Type ("" when none).
std::string multipart_boundary(std::string_view content_type);
// One notification body (JSON or XML EventNotificationAlert); DriverError naming `where` when it
// is neither.
AlertEvent parse_alert(const std::string& content_type, const std::string& body,
                       const std::string& where);

}  // namespace facecert::drivers
