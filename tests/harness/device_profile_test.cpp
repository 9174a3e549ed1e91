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
