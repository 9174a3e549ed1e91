#include <algorithm>
#include <stdexcept>

#include <fmt/core.h>

#include "facecert/reports/writer.h"

namespace facecert::reports {

ReportRegistry& ReportRegistry::instance() {
  static ReportRegistry registry;
  return registry;
}

void ReportRegistry::add(std::unique_ptr<ReportWriter> writer) {
  if (!writer) throw std::invalid_argument("report registry: null writer");
  if (find(writer->name()))
    throw std::logic_error(fmt::format("report registry: writer '{}' registered twice", writer->name()));
  writers_.push_back(std::move(writer));
}

const ReportWriter* ReportRegistry::find(const std::string& name) const {
  for (const auto& w : writers_)
    if (w->name() == name) return w.get();
  return nullptr;
}

// Sorted: registration order depends on static initialisation order, which is not ours to rely on.
std::vector<std::string> ReportRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(writers_.size());
  for (const auto& w : writers_) out.push_back(w->name());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace facecert::reports
