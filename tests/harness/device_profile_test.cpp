#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "facecert/harness/device_profile.h"

namespace fh = facecert::harness;

namespace {
struct ProfileDir {
  std::filesystem::path dir;
  ProfileDir() {
    dir = std::filesystem::temp_directory_path() /
          ("facecert-profile-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~ProfileDir() { std::filesystem::remove_all(dir); }
  std::filesystem::path write(const std::string& name, const std::string& text, int mode = 0644) {
    auto p = dir / name;
    std::ofstream(p) << text;
    ::chmod(p.c_str(), static_cast<mode_t>(mode));
    return p;
  }
};

std::string profile_xml(const std::string& credentials) {
  return "<device-profile id=\"gate-1\">\n"
         "  <driver name=\"refdev\"/>\n"
         "  <endpoint url=\"https://[::1]:8443/\"/>\n"
         "  " + credentials + "\n"
         "  <product profiles=\"identification\"/>\n"
         "  <network iface=\"lo\"><address>::1</address></network>\n"
         "</device-profile>\n";
}

std::string error_of(const std::filesystem::path& p) {
  try {
    fh::load_device_profile(p);
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST(DeviceProfile, PasswordFromFileWithStrictMode) {
  ProfileDir d;
  d.write("secret", "s3cret!\n", 0600);
  const auto p = fh::load_device_profile(
      d.write("p.xml", profile_xml("<credentials user=\"op\" password-file=\"secret\"/>")));
  EXPECT_EQ(p.driver, "refdev");
  EXPECT_EQ(p.user, "op");
  EXPECT_EQ(p.password, "s3cret!");
  EXPECT_EQ(p.product_profiles, (std::set<std::string>{"identification"}));
  EXPECT_EQ(p.capture_filter(), "(host ::1) and tcp port 8443");
  EXPECT_EQ(fh::parse_url(p.url).host, "::1");
}

TEST(DeviceProfile, RefusesReadablePasswordFile) {
  ProfileDir d;
  d.write("secret", "pw", 0644);
  const std::string err =
      error_of(d.write("p.xml", profile_xml("<credentials password-file=\"secret\"/>")));
  EXPECT_NE(err.find("p.xml:4: password file"), std::string::npos) << err;
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
}

TEST(DeviceProfile, RefusesPasswordInTheProfile) {
  ProfileDir d;
  const std::string err =
      error_of(d.write("p.xml", profile_xml("<credentials user=\"a\" password=\"x\"/>")));
  EXPECT_NE(err.find("p.xml:4: a password must not be written in the profile"), std::string::npos)
      << err;
}

TEST(DeviceProfile, PasswordFromEnvironment) {
  ProfileDir d;
  ::setenv("FACECERT_TEST_PW", "from-env", 1);
  const auto p = fh::load_device_profile(
      d.write("p.xml", profile_xml("<credentials password-env=\"FACECERT_TEST_PW\"/>")));
  EXPECT_EQ(p.password, "from-env");
  ::unsetenv("FACECERT_TEST_UNSET_PW");
  const std::string err = error_of(
      d.write("q.xml", profile_xml("<credentials password-env=\"FACECERT_TEST_UNSET_PW\"/>")));
  EXPECT_NE(err.find("FACECERT_TEST_UNSET_PW is not set"), std::string::npos) << err;
}

TEST(DeviceProfile, NetworkDeclaresAllowedDevicesVlanZonesAndPorts) {
  ProfileDir d;
  ::setenv("FACECERT_PROFILE_TEST_PW", "pw", 1);
  d.write("devices.txt", "192.168.10.5\n06:07:08:09:0A:0B  # camera\n");
  d.write("zones.txt", "zone vault 192.168.10.0/24\ngateway 10.9.0.1\n");
  const auto p = fh::load_device_profile(d.write(
      "p.xml",
      "<device-profile><driver name=\"refdev\"/><endpoint url=\"https://127.0.0.1:8443\"/>\n"
      "<credentials password-env=\"FACECERT_PROFILE_TEST_PW\"/>\n"
      "<network iface=\"lo\">\n"
      "  <port>9443</port>\n"
      "  <allowed-device>127.0.0.1</allowed-device>\n"
      "  <allowed-device>00:E0:4C:68:03:6B</allowed-device>\n"
      "  <allowed-devices file=\"devices.txt\"/>\n"
      "  <vlan id=\"30\"/>\n"
      "  <zones file=\"zones.txt\"/>\n"
      "  <zone name=\"lobby\">10.1.0.0/16 fd00:10::/64</zone>\n"
      "  <gateway>10.9.0.2</gateway>\n"
      "</network></device-profile>\n"));
  ASSERT_TRUE(p.allowed_devices);
  EXPECT_EQ(p.allowed_devices->addresses.size(), 2u);
  EXPECT_EQ(p.allowed_devices->macs,
            (std::set<std::string>{"00:e0:4c:68:03:6b", "06:07:08:09:0a:0b"}));
  EXPECT_TRUE(p.expect_vlan);
  EXPECT_EQ(p.vlan_ids, (std::vector<std::uint16_t>{30}));
  ASSERT_TRUE(p.zones);
  EXPECT_EQ(p.zones->zones.size(), 2u);
  EXPECT_EQ(p.zones->gateways.size(), 2u);
  const auto o = p.analyze_options();
  ASSERT_TRUE(o.expect_vlan);
  EXPECT_EQ(o.expect_vlan->id, std::uint16_t{30});
  EXPECT_EQ(p.capture_filter(), "(host 127.0.0.1) and (tcp port 8443 or tcp port 9443)");
}

TEST(DeviceProfile, NetworkWithoutDeclarationsLeavesChecksOff) {
  ProfileDir d;
  d.write("secret", "pw", 0600);
  const auto p = fh::load_device_profile(
      d.write("p.xml", profile_xml("<credentials password-file=\"secret\"/>")));
  EXPECT_FALSE(p.allowed_devices);
  EXPECT_FALSE(p.expect_vlan);
  EXPECT_FALSE(p.zones);
  EXPECT_FALSE(p.analyze_options().expect_vlan);
}

TEST(DeviceProfile, BadNetworkEntriesNameFileAndLine) {
  ProfileDir d;
  ::setenv("FACECERT_PROFILE_TEST_PW", "pw", 1);
  const std::string head =
      "<device-profile><driver name=\"refdev\"/><endpoint url=\"https://127.0.0.1:8443\"/>\n"
      "<credentials password-env=\"FACECERT_PROFILE_TEST_PW\"/>\n<network>\n";
  std::string err = error_of(d.write(
      "a.xml", head + "  <allowed-device>camera-1</allowed-device>\n</network></device-profile>\n"));
  EXPECT_NE(err.find("a.xml:4: `camera-1` is neither an IP nor a MAC address"), std::string::npos)
      << err;
  err = error_of(d.write("b.xml", head + "  <vlan id=\"5000\"/>\n</network></device-profile>\n"));
  EXPECT_NE(err.find("b.xml:4: VLAN id `5000`"), std::string::npos) << err;
  d.write("bad-zones.txt", "zone vault 10.1.0.0/40\n");
  err = error_of(
      d.write("c.xml", head + "  <zones file=\"bad-zones.txt\"/>\n</network></device-profile>\n"));
  EXPECT_NE(err.find("c.xml:4: "), std::string::npos) << err;
  EXPECT_NE(err.find("bad-zones.txt:1:"), std::string::npos) << err;
}
