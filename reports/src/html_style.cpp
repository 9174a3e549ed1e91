#include "html_style.h"

#include <string>

namespace facecert::reports {

std::string_view html_stylesheet() {
  return R"css(
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 72em; padding: 0 1em; color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #444; padding-bottom: 0.2em; margin-top: 2em; }
h3 { background: #f0f0f0; padding: 0.3em 0.5em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
table.meta th { width: 12em; }
.text { white-space: pre-wrap; }
code, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; word-break: break-all; }
figure { margin: 0.8em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: 0.9em; color: #555; }
.v { font-weight: bold; white-space: nowrap; }
.v-pass { color: #fff; background: #2e7d32; }
.v-fail { color: #fff; background: #c62828; }
.v-inconclusive { color: #000; background: #f9a825; }
.v-not_applicable { color: #000; background: #cfd8dc; }
.v-manual { color: #fff; background: #1565c0; }
.v-not_run { color: #000; background: #e0e0e0; }
.overall { font-size: 1.3em; padding: 0.4em 0.8em; display: inline-block; }
.warning { border: 2px solid #c62828; padding: 0.5em; color: #c62828; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
footer { margin-top: 3em; color: #666; font-size: 0.9em; }
.side { display: flex; gap: 2em; align-items: flex-start; flex-wrap: wrap; }
svg.plot { max-width: 100%; height: auto; }
.inspector { border-left: 4px solid #1565c0; padding-left: 0.8em; margin: 0.5em 0; }
.requirement { border-left: 4px solid #888; padding-left: 0.8em; }
h2 .v { font-size: 0.7em; padding: 0.1em 0.4em; vertical-align: middle; }
)css";
}

namespace {
// A CSS string literal: quotes, backslashes and line ends escaped.
std::string css_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '<') {  // never "</style>" inside the style element
      out += "\\3C ";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string print_stylesheet(std::string_view header, const HtmlLabels& l) {
  std::string css = R"css(
@page { size: A4; margin: 20mm 15mm 20mm 15mm;
  @top-center { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; color: #555; content: )css";
  css += css_string(header);
  css += R"css(; }
  @bottom-center { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; color: #555; content: )css";
  css += css_string(l.page_before) + " counter(page) " + css_string(l.page_middle) + " counter(pages) " +
         css_string(l.page_after);
  css += R"css(; } }
@page :first { @top-center { content: none; } }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section.clause { break-before: page; }
  section.case, figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  table { max-width: 100%; }
  td, th { overflow-wrap: anywhere; }
}
)css";
  return css;
}

}  // namespace facecert::reports
