#include "scripted_device_support.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

namespace facecert::testing {
namespace {

// Loopback only; the port comes from the kernel and is printed on the first line.
constexpr const char* kScript = R"PY(
import sys, http.server
mode = sys.argv[1]
CAPS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<DeviceCap version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">'
        '<isSupportUserInfo>true</isSupportUserInfo><isSupportFDLib>true</isSupportFDLib>'
        '<isSupportAcsEvent>true</isSupportAcsEvent><isSupportLogSearch>true</isSupportLogSearch>'
        '</DeviceCap>')
HTML = ('<!DOCTYPE html>\n<html><head><title>Web Login</title></head>'
        '<body><form action="/doc/page/login.asp">user <input name="u"></form></body></html>')
XMLERR = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">'
          '<requestURL>/ISAPI/System/capabilities</requestURL><statusCode>4</statusCode>'
          '<statusString>Invalid Operation</statusString><subStatusCode>notSupport</subStatusCode>'
          '<errorMsg>The operation is not supported</errorMsg></ResponseStatus>')
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def answer(self):
        n = int(self.headers.get('Content-Length') or 0)
        if n: self.rfile.read(n)
        path = self.path.split('?')[0]
        if mode == 'html': status, ctype, body = 200, 'text/html; charset=utf-8', HTML
        elif mode == 'xml-error': status, ctype, body = 403, 'application/xml', XMLERR
        elif path == '/ISAPI/System/capabilities': status, ctype, body = 200, 'application/xml', CAPS
        else: status, ctype, body = 200, 'application/json', '{broken'
        data = body.encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_PUT = do_DELETE = answer
s = http.server.HTTPServer(('127.0.0.1', 0), H)
print('port', s.server_address[1], flush=True)
s.serve_forever()
)PY";

}  // namespace

ScriptedDevice::ScriptedDevice(const std::string& mode) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execlp("python3", "python3", "-c", kScript, mode.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[64];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  if (text.rfind("port ", 0) != 0 || text.find('\n') == std::string::npos) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    throw std::runtime_error(fmt::format("the scripted device did not start: '{}'", text));
  }
  url_ = "http://127.0.0.1:" + text.substr(5, text.find('\n') - 5);
}

ScriptedDevice::~ScriptedDevice() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace facecert::testing
