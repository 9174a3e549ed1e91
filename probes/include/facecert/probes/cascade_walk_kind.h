// How the project's cascade evaluators (lbp_cascade.h, haar_cascade.h) walk a pyramid level's
// windows: one at a time, or 8 side by side with AVX2. Both fire on the same windows; AVX2 is
// chosen where the CPU has it, and tests compare the two. (A 16-wide AVX-512 walk of the LBP
// cascade was no faster: bench/README.md.) And when a search may stop early (EnoughWindows).
#pragma once

#include <functional>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::probes {

enum class CascadeWalk { one_by_one, avx2 };

bool cpu_can_walk(CascadeWalk walk);
const char* to_string(CascadeWalk walk);

// Asked by windows_until() after each pyramid level that added windows, with every window so far:
// true ends the search.
using EnoughWindows = std::function<bool(const std::vector<cv::Rect>&)>;

}  // namespace facecert::probes
