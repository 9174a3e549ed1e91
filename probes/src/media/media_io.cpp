#include "facecert/probes/media_io.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "media_module_api.h"

namespace facecert::media {
namespace {

constexpr const char* kModuleFile = "facecert_media.so";

// Where the module may be: FACECERT_MEDIA_MODULE, beside the running program (an installed or
// copied bin folder), then where this build put it.
std::vector<std::string> module_candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("FACECERT_MEDIA_MODULE"); env && *env) out.emplace_back(env);
  std::error_code ec;
  if (const auto self = std::filesystem::read_symlink("/proc/self/exe", ec); !ec)
    out.push_back((self.parent_path() / kModuleFile).string());
  out.emplace_back(FACECERT_MEDIA_MODULE);
  return out;
}

const MediaModuleApi* load() {
  std::string tried;
  for (const auto& file : module_candidates()) {
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      tried += fmt::format("; {}: {}", file, why ? why : "not loadable");
      continue;
    }
    const auto entry = reinterpret_cast<const MediaModuleApi* (*)()>(dlsym(handle, FACECERT_MEDIA_MODULE_SYMBOL));
    const MediaModuleApi* api = entry ? entry() : nullptr;
    if (api && api->version == kMediaModuleVersion) return api;  // stays loaded for the process
    tried += fmt::format("; {}: {}", file, api ? "another version of the module" : "not a facecert media module");
    dlclose(handle);
  }
  throw std::runtime_error(fmt::format("cannot load the image and video module {} (set FACECERT_MEDIA_MODULE){}",
                                       kModuleFile, tried));
}

const MediaModuleApi& api() {
  static const MediaModuleApi* const loaded = load();  // once, thread-safe; a throw retries next time
  return *loaded;
}

}  // namespace

cv::Mat imdecode(cv::InputArray buf, int flags) { return api().imdecode(buf, flags); }
bool imencode(const std::string& ext, cv::InputArray image, std::vector<uchar>& buf, const std::vector<int>& params) {
  return api().imencode(ext, image, buf, params);
}
cv::Mat imread(const std::string& file, int flags) { return api().imread(file, flags); }
bool imwrite(const std::string& file, cv::InputArray image, const std::vector<int>& params) {
  return api().imwrite(file, image, params);
}

VideoCapture::VideoCapture(const std::string& file) : handle_(api().capture_open(file)) {}
VideoCapture::~VideoCapture() {
  if (handle_) api().capture_close(handle_);
}
bool VideoCapture::read(cv::Mat& frame) { return handle_ && api().capture_read(handle_, frame); }
double VideoCapture::get(int property) const { return handle_ ? api().capture_get(handle_, property) : 0; }

VideoWriter::VideoWriter(const std::string& file, int fourcc, double fps, cv::Size size, bool color)
    : handle_(api().writer_open(file, fourcc, fps, size, color)) {}
VideoWriter::~VideoWriter() { release(); }
void VideoWriter::write(const cv::Mat& frame) {
  if (handle_) api().writer_write(handle_, frame);
}
void VideoWriter::release() {
  if (handle_) api().writer_close(handle_);
  handle_ = nullptr;
}

void namedWindow(const std::string& name, int flags) { api().named_window(name, flags); }
void setWindowProperty(const std::string& name, int property, double value) {
  api().set_window_property(name, property, value);
}
void imshow(const std::string& name, cv::InputArray image) { api().imshow(name, image); }
int waitKey(int delay_ms) { return api().wait_key(delay_ms); }

}  // namespace facecert::media
