#include "facecert/harness/verdict.h"

#include <array>
#include <utility>

namespace facecert::harness {
namespace {
struct Words {
  Verdict v;
  std::string_view en;
  std::string_view zh;
};
constexpr std::array<Words, 6> kWords{{
    {Verdict::Pass, "pass", "符合"},
    {Verdict::Fail, "fail", "不符合"},
    {Verdict::Inconclusive, "inconclusive", "无法判定"},
    {Verdict::NotApplicable, "not_applicable", "不适用"},
    {Verdict::Manual, "manual", "人工判定"},
    {Verdict::NotRun, "not_run", "未执行"},
}};
}  // namespace

std::string_view to_string(Verdict v) {
  for (const auto& w : kWords)
    if (w.v == v) return w.en;
  return "unknown";
}

std::string_view to_chinese(Verdict v) {
  for (const auto& w : kWords)
    if (w.v == v) return w.zh;
  return "未知";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (const auto& w : kWords)
    if (w.en == s) return w.v;
  return std::nullopt;
}

}  // namespace facecert::harness
