// facecert-refdev's whole program: options, device, server, signals. main.cpp only calls this.
#pragma once

namespace facecert::refdev {

// Exit codes: 0 after SIGTERM/SIGINT (or help / --list-flaws), 1 runtime failure (e.g. cannot
// listen, unusable certificate), 2 bad usage.
int run_refdev(int argc, char** argv);

}  // namespace facecert::refdev
