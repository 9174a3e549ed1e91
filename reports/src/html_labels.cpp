#include "html_labels.h"

#include <stdexcept>

#include <fmt/core.h>

namespace facecert::reports {
namespace {

constexpr HtmlLabels kZh{
    "zh-CN", "人脸识别应用产品检测报告", "测试方案", "方案版本", "依据文件", "方案文件",
    "产品类型", "被测设备", "驱动", "地址", "设备信息", "运行编号", "facecert 版本", "开始时间",
    "结束时间", "未结束", "本次运行未完成：结论不能为“符合”。", "总体结论", "判定统计",
    "判定", "数量", "计划用例数", "已判定用例数", "按条款判定一览", "条款", "用例编号", "名称",
    "判定", "理由", "技术要求", "测量值", "证据", "路径", "SHA-256", "类型", "说明", "无",
    "用例类型", "耗时（秒）", "身份证号和手机号已做脱敏处理。"};

constexpr HtmlLabels kEn{
    "en", "Face-recognition product test report", "Test plan", "Plan version", "Regulation",
    "Plan file", "Product profile", "Device under test", "Driver", "URL", "Device info", "Run id",
    "facecert version", "Started", "Finished", "not finished",
    "This run did not complete: it cannot conclude \"Pass\".", "Overall conclusion",
    "Verdict counts", "Verdict", "Count", "Planned cases", "Decided cases", "Verdicts by clause",
    "Clause", "Case id", "Title", "Verdict", "Reason", "Requirement", "Measurements", "Evidence",
    "Path", "SHA-256", "Kind", "Description", "none", "Case type", "Duration (s)",
    "ID and mobile numbers are masked."};

}  // namespace

const HtmlLabels& html_labels(std::string_view lang) {
  if (lang == "zh") return kZh;
  if (lang == "en") return kEn;
  throw std::runtime_error(fmt::format("html report: unknown language '{}' (zh | en)", lang));
}

std::string_view verdict_label(harness::Verdict v, std::string_view lang) {
  using harness::Verdict;
  if (lang != "en") return harness::to_chinese(v);
  switch (v) {
    case Verdict::Pass: return "Pass";
    case Verdict::Fail: return "Fail";
    case Verdict::Inconclusive: return "Inconclusive";
    case Verdict::NotApplicable: return "Not applicable";
    case Verdict::Manual: return "Manual (inspector)";
    case Verdict::NotRun: return "Not run";
  }
  return "Unknown";
}

}  // namespace facecert::reports
