#include "facecert/harness/duration.h"

#include <cmath>
#include <stdexcept>

namespace facecert::harness {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(used);
  const double factor = unit.empty() || unit == "s" ? 1000
                        : unit == "ms"              ? 1
                        : unit == "m"               ? 60000
                        : unit == "h"               ? 3600000
                                                    : -1;
  if (!(v > 0) || factor < 0 || !std::isfinite(v)) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(std::llround(v * factor)));
}

}  // namespace facecert::harness
