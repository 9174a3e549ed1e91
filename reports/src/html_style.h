#pragma once

#include <string>
#include <string_view>

#include "html_labels.h"

namespace facecert::reports {

// The report's screen stylesheet (inline in report.html; no external fonts or files).
std::string_view html_stylesheet();

// Paged media (WeasyPrint, browsers' print): A4, running header `header` (report number and
// product), "第 N 页 / 共 M 页" footer, a new page for each clause section, Noto Sans CJK SC.
std::string print_stylesheet(std::string_view header, const HtmlLabels& l);

}  // namespace facecert::reports
