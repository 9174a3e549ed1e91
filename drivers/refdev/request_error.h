// A request the device refuses: HTTP status plus an ISAPI-style subStatusCode and message.
#pragma once

#include <stdexcept>
#include <string>

namespace facecert::refdev {

class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string sub_status, const std::string& message)
      : std::runtime_error(message), status_(status), sub_status_(std::move(sub_status)) {}
  int status() const { return status_; }
  const std::string& sub_status() const { return sub_status_; }

 private:
  int status_;
  std::string sub_status_;
};

}  // namespace facecert::refdev
