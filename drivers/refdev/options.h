// Command line of facecert-refdev and where its secrets come from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "device_policy.h"

namespace facecert::refdev {

struct Config {
  std::filesystem::path data_dir;
  std::string listen = "127.0.0.1";
  unsigned short port = 0;  // 0: an ephemeral port from the kernel
  std::string user = "admin";
  std::string password;
  std::filesystem::path cert, key;  // empty: self-signed under DATA/tls/
  std::vector<std::string> flaws;
  int heartbeat_s = 10;  // ISAPI alertStream: seconds between heartbeat parts
  DevicePolicy policy;
};

// Exit codes: 0 done (help, --list-flaws), 2 bad usage / unusable password file.
struct ParsedOptions {
  std::optional<Config> config;  // set when the device should run
  int exit_code = 0;
};

// Parses argv; prints help, the flaw list or a one-line error itself.
ParsedOptions parse_options(int argc, char** argv);

// The password from FACECERT_REFDEV_PASSWORD or `file` (trailing newline stripped). Throws
// std::invalid_argument naming the file when it is group/other accessible or unreadable.
std::string load_password(const std::filesystem::path& file);

}  // namespace facecert::refdev
