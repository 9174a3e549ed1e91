#include <fstream>

#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/drivers/base64.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/journal.h"
#include "facecert/probes/media_io.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports::testing {

using harness::CaseResult;
using harness::Verdict;

cv::Mat demo_face(bool pixelated) {
  cv::Mat img = facecert::media::imread(std::string(FACECERT_SOURCE_DIR) + "/spoof-datasets/demo/astronaut.jpg");
  if (img.empty()) throw std::runtime_error("spoof-datasets/demo/astronaut.jpg missing");
  if (!pixelated) return img;
  cv::Mat small, out;
  cv::resize(img, small, cv::Size(img.cols / 24, img.rows / 24), 0, 0, cv::INTER_AREA);
  cv::resize(small, out, img.size(), 0, 0, cv::INTER_NEAREST);
  return out;
}

std::vector<cv::Mat> embedded_raster_images(const std::string& html) {
  // A plain scan: std::regex recurses per character and overflows the stack on a long base64 run.
  std::vector<cv::Mat> out;
  static const std::string kData = "data:image/", kBase64 = ";base64,";
  for (auto at = html.find(kData); at != std::string::npos; at = html.find(kData, at + 1)) {
    const auto semi = html.find(kBase64, at);
    if (semi == std::string::npos) break;
    const std::string type = html.substr(at + 5, semi - at - 5);
    const auto begin = semi + kBase64.size();
    const auto stop = html.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", begin);
    if (type == "image/svg+xml") continue;  // no pixels
    const auto decoded = drivers::base64::decode(std::string_view(html).substr(begin, stop - begin));
    if (!decoded) continue;
    const auto& bytes = *decoded;
    out.push_back(facecert::media::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data())),
                               cv::IMREAD_COLOR));
  }
  return out;
}

std::string test_keys_dir() {
  return (std::filesystem::temp_directory_path() / ("facecert-reports-keys-" + std::to_string(::getpid()))).string();
}

std::filesystem::path make_report_run_dir(const std::string& tag) {
  const auto dir = fresh_dir("run-" + tag);
  std::filesystem::copy_file(std::string(FACECERT_SOURCE_DIR) + "/test-plans/shanghai-2021.xml", dir / "plan.xml");
  harness::EvidenceStore store(dir);

  harness::RunRecord run = sample_run();
  run.planned_cases = 4;
  run.tools = {{"facecert", "0.1.0"}, {"openssl", "OpenSSL 3.0.x"}, {"opencv", "4.6.0"}, {"libpcap", "libpcap 1.10"}};
  auto make = [](std::string id, std::string clause, Verdict v, std::string reason) {
    CaseResult c;
    c.id = std::move(id);
    c.clause = std::move(clause);
    c.type = "demo";
    c.title = c.id;
    c.requirement = "journal copy of " + c.clause;
    c.verdict = v;
    c.reason = std::move(reason);
    c.started = "2026-11-27T08:00:00Z";
    c.finished = "2026-11-27T08:00:05Z";
    c.duration_s = 5;
    return c;
  };
  auto renew = make("SH-6.1.3-01", "6.1.3", Verdict::Pass, "templates under two keys differ");
  renew.measurements = {{"keys", 2}, {"species", {{{"kind", "print"}, {"apcer", 0.0}}, {{"kind", "screen"}, {"apcer", 0.05}}}}};
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\"><rect x=\"10\" y=\"10\" width=\"120\" "
      "height=\"40\" fill=\"#1565c0\"/><text x=\"10\" y=\"70\">D(s) &lt;demo&gt;</text></svg>";
  renew.evidence.push_back(store.add_text(renew.id, "ds.svg", svg, "image/svg+xml", "D(s) plot"));

  auto transport = make("SH-7.0-01", "7.0.encryption", Verdict::Fail,
                        std::string("face image in clear text; ID ") + kRunIdNumber + " seen");
  const nlohmann::json traffic = {
      {"flows",
       {{{"flow", "127.0.0.1:40000 -> 127.0.0.1:8443 tcp"}, {"app", "tls"}, {"encrypted", "true"}, {"start", 1000.0}, {"end", 1003.5}},
        {{"flow", "127.0.0.1:40002 -> 127.0.0.1:8080 tcp"}, {"app", "http"}, {"encrypted", "false"}, {"start", 1001.0}, {"end", 1002.0}},
        {{"flow", "127.0.0.1:40004 -> 127.0.0.1:9000 tcp"}, {"app", "unknown<b>"}, {"encrypted", "unknown"}, {"start", 1002.5}, {"end", 1004.0}}}},
      {"findings", nlohmann::json::array()}};
  transport.evidence.push_back(store.add_json(transport.id, "traffic.json", traffic, "flows and findings"));
  std::vector<std::uint8_t> jpeg;
  facecert::media::imencode(".jpg", demo_face(true), jpeg);
  transport.evidence.push_back(store.add_bytes(transport.id, "face-thumb.jpg", jpeg, "image/jpeg", "face seen (pixelated)"));
  transport.measurements = {{"device_flows_clear", 1}, {"sample", std::string("ID ") + kRunIdNumber}};

  auto deploy = make("SH-4-01", "4.deployment", Verdict::Manual, "the inspector checks the deployment basis");
  auto usb = make("SH-6.1.1-01", "6.1.1", Verdict::Manual, "the inspector checks");
  run.cases = {deploy, usb, renew, transport};

  harness::JournalWriter journal(dir / "journal.sqlite");
  journal.on_run_start(run);
  for (std::size_t i = 0; i < run.cases.size(); ++i)
    journal.on_case_end(run.cases[i], static_cast<int>(i), static_cast<int>(run.cases.size()));
  journal.on_run_end(run);
  return dir;
}

}  // namespace facecert::reports::testing
