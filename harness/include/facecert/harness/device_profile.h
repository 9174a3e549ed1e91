// A device profile (XML) says which driver drives the product, where it is, how to log in and which
// network addresses belong to it. Secrets are never in the profile: it names an environment
// variable or a file (mode 0600 or stricter) that holds the password.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "facecert/drivers/driver.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::harness {

struct DeviceProfile {
  std::string id;
  std::string driver;            // registry name ("process" for an out-of-process driver)
  std::map<std::string, std::string> driver_options;  // <driver><option name= value=/>
  std::filesystem::path driver_exec;                  // <driver exec="..."> (driver "process")
  std::vector<std::string> driver_args;               // <driver><arg>...</arg>
  int driver_start_timeout_ms = 10000;                // <timeouts driver-start-ms>
  int driver_call_timeout_ms = 30000;                 // <timeouts driver-call-ms>
  std::string url;               // base URL of the device API
  std::string user;
  std::string password;          // resolved from password-env / password-file, never from the XML
  std::string password_source;   // "env FOO" / "file /path" (for the report, not the secret)
  std::string ca_file;
  int request_timeout_ms = 10000;
  std::set<std::string> product_profiles;  // verification / identification / analysis / remote
  std::string iface = "lo";                // where to capture its traffic
  std::vector<std::string> addresses;      // IPs (and later MACs) that belong to the device
  std::vector<std::string> macs;
  std::vector<int> extra_ports;            // further TCP ports of the device (capture filter on lo)
  bool capture = true;
  // The site network as the operator declares it (<network>, docs/device-profile.md), for the
  // capture analysis of 7.0 (zones), 7.1 (allowed devices, VLAN) and 7.2.
  std::shared_ptr<const probes::DeviceAllowList> allowed_devices;  // null: none declared
  bool expect_vlan = false;                    // a <vlan> element is present
  std::vector<std::uint16_t> vlan_ids;         // empty with expect_vlan: any 802.1Q tag
  std::shared_ptr<const probes::NetworkZones> zones;  // null: none declared
  std::filesystem::path file;              // empty for the built-in reference device

  drivers::DriverConfig driver_config() const;
  // BPF for the capture: the device's addresses (and port when the URL names one).
  std::string capture_filter() const;
  // Zones, allowed devices and VLAN expectation for probes::analyze_pcap.
  probes::AnalyzeOptions analyze_options() const;
};

// Throws std::runtime_error "file:line: message (hint: ...)" on any problem, including a password
// file with group/other permissions or an unset environment variable.
DeviceProfile load_device_profile(const std::filesystem::path& file);

// Drives the profile's device with another driver: a registry name ("isapi" gets the refdev
// extension option when the device is the reference device), or the path of an out-of-process
// driver program (contains a '/'; checked like <driver exec>). Throws std::runtime_error naming the
// problem.
void use_driver(DeviceProfile& profile, const std::string& spec);

// Host and port of a URL like https://127.0.0.1:8443/ (IPv6 in brackets). Port defaults by scheme.
struct UrlParts {
  std::string scheme, host;
  int port = 0;
};
UrlParts parse_url(const std::string& url);

}  // namespace facecert::harness
