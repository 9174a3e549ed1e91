// 6.1.4 evidence: what was presented and answered, the ISO/IEC 30107-3 trial table a lab can feed
// to `facecert metrics pad`, the metrics, the DET curve and per-species bars, and one redacted
// thumbnail of a successful attack per species (face pixelated until no face is detectable).
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/datasets/manifest.h"
#include "facecert/datasets/pad_metrics.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/presenter.h"

namespace facecert::harness::cases {

// The trial of one presentation: attack detected -> reject; any other answer -> accept (taken as
// bona fide); no answer or "no face" -> no response. `enrolled_as` is whom the attack imitates.
datasets::PadTrial trial_of(const PresentationRecord& record, const std::string& enrolled_as, bool verify_mode);

// The blurred thumbnail: at most 160 px wide, every detected face pixelated, the whole softened.
cv::Mat redacted_thumbnail(const cv::Mat& frame);

std::vector<EvidenceRef> write_pad_evidence(CaseContext& ctx, const std::vector<PresentationRecord>& records,
                                            const std::vector<datasets::PadTrial>& trials,
                                            const datasets::PadResult& result);

}  // namespace facecert::harness::cases
