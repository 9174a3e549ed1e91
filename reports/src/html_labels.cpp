#include "html_labels.h"

#include <stdexcept>

#include <fmt/core.h>

namespace facecert::reports {
namespace {

constexpr HtmlLabels kZh{
    .html_lang = "zh-CN", .report_title = "人脸识别应用产品检测报告", .report_number = "报告编号",
    .project = "项目名称", .site = "检测地点", .client = "委托单位", .product = "被测产品",
    .maker = "生产厂商", .model = "型号", .firmware = "固件版本", .serial = "序列号",
    .product_name = "设备名称", .plan = "测试方案", .plan_version = "方案版本",
    .regulation = "依据文件", .plan_file = "方案文件", .product_profile = "产品类型",
    .driver = "驱动", .url = "地址", .lab = "检测机构", .accreditation = "资质",
    .inspectors = "检验人员", .test_dates = "检测日期", .environment = "检测环境",
    .temperature = "温度", .humidity = "湿度", .lighting = "光照", .network = "网络",
    .tools = "检测工具及版本", .run_id = "运行编号", .started = "开始时间",
    .finished = "结束时间", .not_finished = "未结束",
    .incomplete_warning = "本次运行未完成：结论不能为“符合”。", .conclusion = "总体结论",
    .counts = "判定统计", .verdict_word = "判定", .count = "数量", .planned = "计划用例数",
    .decided = "已判定用例数", .clause_summary = "按条款判定一览", .clause = "条款",
    .clause_title = "条款名称", .cases = "用例", .case_id = "用例编号", .title = "名称",
    .verdict = "判定", .reason = "理由", .requirement = "技术要求", .method = "检验方法",
    .measurements = "测量值", .evidence = "证据", .path = "路径", .sha256 = "SHA-256",
    .kind = "类型", .description = "说明", .none = "无", .case_type = "用例类型",
    .duration = "耗时（秒）", .redacted_note = "身份证号和手机号已做脱敏处理，人脸图像已做模糊处理。",
    .inspector_answer = "检验员判定", .inspector = "检验员", .recorded = "记录时间",
    .note = "说明", .attachments = "附件", .by_inspector = "（检验员判定）",
    .flows_timeline = "数据流时间线（绿色：加密；红色：明文；灰色：未知）", .encrypted = "加密",
    .clear = "明文", .unknown = "未知", .read_warnings = "日志部分内容无法读取：",
    .remarks = "备注", .page_before = "第 ", .page_middle = " 页 / 共 ", .page_after = " 页"};

constexpr HtmlLabels kEn{
    .html_lang = "en", .report_title = "Face-recognition product test report",
    .report_number = "Report number", .project = "Project", .site = "Site", .client = "Client",
    .product = "Product under test", .maker = "Maker", .model = "Model", .firmware = "Firmware",
    .serial = "Serial number", .product_name = "Device name", .plan = "Test plan",
    .plan_version = "Plan version", .regulation = "Regulation", .plan_file = "Plan file",
    .product_profile = "Product profile", .driver = "Driver", .url = "URL",
    .lab = "Laboratory", .accreditation = "Accreditation", .inspectors = "Inspectors",
    .test_dates = "Test dates", .environment = "Environment", .temperature = "Temperature",
    .humidity = "Humidity", .lighting = "Lighting", .network = "Network",
    .tools = "Tools and versions", .run_id = "Run id", .started = "Started",
    .finished = "Finished", .not_finished = "not finished",
    .incomplete_warning = "This run did not complete: it cannot conclude \"Pass\".",
    .conclusion = "Overall conclusion", .counts = "Verdict counts", .verdict_word = "Verdict",
    .count = "Count", .planned = "Planned cases", .decided = "Decided cases",
    .clause_summary = "Verdicts by clause", .clause = "Clause", .clause_title = "Clause title",
    .cases = "Cases", .case_id = "Case id", .title = "Title", .verdict = "Verdict",
    .reason = "Reason", .requirement = "Requirement", .method = "Method",
    .measurements = "Measurements", .evidence = "Evidence", .path = "Path",
    .sha256 = "SHA-256", .kind = "Kind", .description = "Description", .none = "none",
    .case_type = "Case type", .duration = "Duration (s)",
    .redacted_note = "ID and mobile numbers are masked; face images are blurred.",
    .inspector_answer = "Inspector's verdict", .inspector = "Inspector",
    .recorded = "Recorded", .note = "Note", .attachments = "Attachments",
    .by_inspector = " (inspector)",
    .flows_timeline = "Flow timeline (green: encrypted; red: clear text; grey: unknown)",
    .encrypted = "encrypted", .clear = "clear", .unknown = "unknown",
    .read_warnings = "Parts of the journal could not be read:", .remarks = "Remarks",
    .page_before = "Page ", .page_middle = " of ", .page_after = ""};

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
