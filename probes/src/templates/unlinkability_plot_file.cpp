// Writes the unlinkability figure to a file, SVG or PNG by the extension.
#include <cctype>
#include <fstream>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "facecert/probes/media_io.h"
#include "facecert/probes/template_metrics.h"

namespace facecert::probes {

void write_unlinkability_plot(const std::filesystem::path& out, const UnlinkabilityResult& result,
                              const UnlinkabilityPlotOptions& options) {
  std::string ext = out.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".svg") {
    std::ofstream f(out, std::ios::binary);
    f << unlinkability_svg(result, options);
    if (!f) throw ProbeError(fmt::format("{}: cannot write the plot", out.string()));
    return;
  }
  if (ext != ".png") throw ProbeError(fmt::format("{}: the plot must be .svg or .png", out.string()));
  bool written = false;
  try {
    written = facecert::media::imwrite(out.string(), unlinkability_image(result, options));
  } catch (const cv::Exception&) {
    written = false;
  }
  if (!written) throw ProbeError(fmt::format("{}: cannot write the plot", out.string()));
}

}  // namespace facecert::probes
