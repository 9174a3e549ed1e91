// `facecert pcap analyze` with --zones, --allow-devices and --expect-vlan: exit codes and the
// one-line errors for bad site files. Captures are crafted bytes, nothing is sent.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "probes/cli_run_support.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::TcpSegment;

using Run = test::CliRun;

Run facecert(const std::string& args) { return test::run_facecert("pcap analyze " + args); }

// One short TCP exchange cl:40000 -> sv:80 for each server, untagged Ethernet.
std::filesystem::path capture(const test::TempDir& dir, const std::string& cl, const std::vector<std::string>& servers) {
  std::vector<Bytes> frames;
  for (const auto& sv : servers) {
    const std::vector<TcpSegment> segs = {
        {cl, sv, 40000, 80, 100, 0, test::kSyn, {}},
        {sv, cl, 80, 40000, 900, 101, test::kSyn | test::kAck, {}},
        {cl, sv, 40000, 80, 101, 901, test::kAck | test::kPsh, test::bytes_of("hello")}};
    for (const auto& s : segs) frames.push_back(test::ethernet(test::ip_packet(s)));
  }
  const auto file = dir / "t.pcapng";
  test::write_capture(file, 1, frames);
  return file;
}

std::filesystem::path capture(const test::TempDir& dir, const std::string& cl, const std::string& sv) {
  return capture(dir, cl, std::vector<std::string>{sv});
}

TEST(NetworkCli, MalformedZonesFileIsExit2NamingFileAndLine) {
  test::TempDir dir;
  const auto cap = capture(dir, "192.168.1.10", "192.168.1.20");
  std::ofstream(dir / "zones.txt") << "zone vault 192.168.1.0/24\nzone lobby 10.0.0.0/99\n";
  const auto r = facecert(cap.string() + " --zones " + (dir / "zones.txt").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find((dir / "zones.txt").string() + ":2: `10.0.0.0/99`"), std::string::npos)
      << r.output;
  std::ofstream(dir / "allow.txt") << "192.168.1.10\n# cameras\ncam-1\n";
  const auto a = facecert(cap.string() + " --allow-devices " + (dir / "allow.txt").string());
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.output.find((dir / "allow.txt").string() + ":3: `cam-1`"), std::string::npos) << a.output;
}

TEST(NetworkCli, InternetAndUnknownDeviceFailTheirClauses) {
  test::TempDir dir;
  const auto internet = facecert(capture(dir, "192.168.1.10", "8.8.8.8").string());
  EXPECT_EQ(internet.exit_code, 1) << internet.output;
  EXPECT_NE(internet.output.find("internet-destination"), std::string::npos) << internet.output;
  EXPECT_NE(internet.output.find("clause 7.2: FAIL"), std::string::npos) << internet.output;

  const auto cap = capture(dir, "192.168.1.10", "192.168.1.20");
  EXPECT_EQ(facecert(cap.string()).exit_code, 0);
  std::ofstream(dir / "allow.txt") << "192.168.1.10  # reader\n";
  const auto unknown = facecert(cap.string() + " --allow-devices " + (dir / "allow.txt").string());
  EXPECT_EQ(unknown.exit_code, 1) << unknown.output;
  EXPECT_NE(unknown.output.find("server 192.168.1.20 (MAC 06:07:08:09:0a:0b) is not in the device allow list"),
            std::string::npos) << unknown.output;
  EXPECT_NE(unknown.output.find("clause 7.1: FAIL"), std::string::npos) << unknown.output;
}

TEST(NetworkCli, ExpectVlanWithAndWithoutId) {
  test::TempDir dir;
  const auto cap = capture(dir, "192.168.1.10", "192.168.1.20").string();
  for (const std::string opt : {" --expect-vlan", " --expect-vlan 100", " --expect-vlan=7"}) {
    const auto r = facecert(cap + opt);
    EXPECT_EQ(r.exit_code, 0) << opt << r.output;  // a warning, not a fail
    EXPECT_NE(r.output.find("WARN no-vlan: 3 of its 3 frames carry no 802.1Q tag"), std::string::npos)
        << opt << r.output;
  }
  EXPECT_EQ(facecert(cap).output.find("no-vlan"), std::string::npos);
  const auto bad = facecert(cap + " --expect-vlan 5000");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("--expect-vlan: `5000` is not a VLAN id (0-4094)"), std::string::npos)
      << bad.output;
}

// A mirror-port capture's thousands of flows and findings: the console counts flows by protocol and
// lists 20 findings of a kind with the number left out; the --json report has every one.
TEST(NetworkCli, ConsoleListsTwentyFindingsOfAKindAndTheJsonAll) {
  test::TempDir dir;
  std::vector<std::string> servers;
  for (int i = 1; i <= 50; ++i) servers.push_back("198.51.100." + std::to_string(i));
  const auto json = dir / "out.json";
  const auto r = facecert(capture(dir, "192.168.1.10", servers).string() + " --json " + json.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("flows by protocol"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("... 30 more internet-destination findings, 50 in all"), std::string::npos) << r.output;
  std::size_t listed = 0;
  for (std::size_t at = 0; (at = r.output.find("FAIL internet-destination:", at)) != std::string::npos; ++at) ++listed;
  EXPECT_EQ(listed, 20U);
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t in_json = 0;
  for (std::size_t at = 0; (at = text.find("\"internet-destination\"", at)) != std::string::npos; ++at) ++in_json;
  EXPECT_EQ(in_json, 50U);
}

}  // namespace
}  // namespace facecert::probes
