// Text into HTML, XML or SVG: the five characters that are markup escaped. Shared by the plots the
// probes draw (SVG) and the report writers (HTML), so both escape the same way.
#pragma once

#include <string>
#include <string_view>

namespace facecert::probes {

inline std::string markup_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace facecert::probes
