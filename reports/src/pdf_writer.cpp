// `pdf` writer: report.pdf, printed from the HTML report by WeasyPrint (Debian package weasyprint)
// with the print stylesheet: A4, running header, "第 N 页 / 共 M 页", Noto Sans CJK SC embedded.
// WeasyPrint runs as a child process (no shell) with a time limit; $FACECERT_WEASYPRINT names
// another program. When it is missing the writer fails with a message saying what to install.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/core.h>

#include "child_process.h"
#include "html_parts.h"
#include "output_file.h"

namespace facecert::reports {
namespace {

constexpr std::chrono::seconds kTimeLimit{180};

std::string weasyprint_program() {
  const char* env = std::getenv("FACECERT_WEASYPRINT");
  return env && *env ? env : "weasyprint";
}

// The last non-empty line of what the program printed (its error, usually).
std::string last_line(const std::string& text) {
  std::string line;
  std::size_t end = text.find_last_not_of("\r\n ");
  if (end == std::string::npos) return "no message";
  const std::size_t start = text.find_last_of('\n', end);
  line = text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
  return line;
}

class PdfWriter final : public ReportWriter {
 public:
  std::string name() const override { return "pdf"; }
  std::string file_name() const override { return "report.pdf"; }
  void write(const harness::RunRecord& run, const std::filesystem::path& out,
             const WriteOptions& options) const override {
    const auto dir = out.parent_path().empty() ? std::filesystem::path(".") : out.parent_path();
    // The page WeasyPrint reads: the same HTML as report.html, written beside the PDF for the
    // duration of the conversion (it embeds everything, so nothing else is read).
    const auto html = dir / (out.filename().string() + ".print.html");
    const auto log = dir / (out.filename().string() + ".weasyprint.log");
    const auto tmp = dir / (out.filename().string() + ".part");
    write_report_file(html, render_html(run, dir, options));
    const std::string program = weasyprint_program();
    const ChildResult r = run_child({program, "--quiet", html.string(), tmp.string()}, kTimeLimit, log);
    std::error_code ec;
    std::filesystem::remove(html, ec);
    std::filesystem::remove(log, ec);
    if (!r.started) {
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error(fmt::format(
          "{}: not written: {} not found (install the Debian package weasyprint, and fonts-noto-cjk; "
          "scripts/install-deps.sh)", out.string(), program));
    }
    if (r.timed_out || r.exit_code != 0 || !std::filesystem::exists(tmp)) {
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error(fmt::format("{}: not written: {} {}", out.string(), program,
                                           r.timed_out ? fmt::format("took longer than {} s", kTimeLimit.count())
                                                       : fmt::format("failed (exit {}): {}", r.exit_code, last_line(r.stderr_text))));
    }
    std::filesystem::rename(tmp, out, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot write: {}", out.string(), ec.message()));
  }
};

const ReportRegistration<PdfWriter> kRegistration;

}  // namespace
}  // namespace facecert::reports
