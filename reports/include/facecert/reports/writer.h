// Report writers register themselves by name: adding a format touches one file. A writer turns a
// RunRecord (read back from the journal) into one file; it never changes a verdict.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "facecert/harness/result.h"

namespace facecert::reports {

struct WriteOptions {
  std::string lang = "zh";  // zh | en (later issues deepen this)
  bool redact = true;       // blur faces and mask identity data in what is written
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual std::string name() const = 0;       // json, junit, html ...
  virtual std::string file_name() const = 0;  // default file name in the run directory
  // Throws std::runtime_error naming the path when the file cannot be written.
  virtual void write(const harness::RunRecord& run, const std::filesystem::path& out,
                     const WriteOptions& options) const = 0;
};

class ReportRegistry {
 public:
  static ReportRegistry& instance();
  void add(std::unique_ptr<ReportWriter> writer);
  const ReportWriter* find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<ReportWriter>> writers_;
};

template <typename W>
struct ReportRegistration {
  ReportRegistration() { ReportRegistry::instance().add(std::make_unique<W>()); }
};

}  // namespace facecert::reports
