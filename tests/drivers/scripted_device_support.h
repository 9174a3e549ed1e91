// Test support: a tiny HTTP server on 127.0.0.1 (python3's http.server, run as a child process)
// that answers like a misbehaving ISAPI device, to check the drivers' error texts.
//   "html"      every request: 200 text/html, a web login page titled "Web Login"
//   "xml-error" every request: 403 application/xml ISAPI <ResponseStatus> (subStatusCode notSupport)
//   "bad-json"  /ISAPI/System/capabilities: a full <DeviceCap>; everything else: 200
//               application/json "{broken"
#pragma once

#include <sys/types.h>

#include <string>

namespace facecert::testing {

class ScriptedDevice {
 public:
  explicit ScriptedDevice(const std::string& mode);  // waits until it listens
  ~ScriptedDevice();                                 // SIGTERM and wait
  ScriptedDevice(const ScriptedDevice&) = delete;
  ScriptedDevice& operator=(const ScriptedDevice&) = delete;
  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT

 private:
  pid_t pid_ = -1;
  std::string url_;
};

}  // namespace facecert::testing
