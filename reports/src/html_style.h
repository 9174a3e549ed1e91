// The inline stylesheet of report.html: the page makes no external requests.
#pragma once

#include <string_view>

namespace facecert::reports {

std::string_view html_stylesheet();

}  // namespace facecert::reports
