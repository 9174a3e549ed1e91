// How the project's cascade evaluators (lbp_cascade.h, haar_cascade.h) walk a pyramid level's
// windows: one at a time, or 8 side by side with AVX2. Both fire on the same windows; AVX2 is
// chosen where the CPU has it, and tests compare the two. (A 16-wide AVX-512 walk of the LBP
// cascade was no faster: bench/README.md.)
#pragma once

namespace facecert::probes {

enum class CascadeWalk { one_by_one, avx2 };

bool cpu_can_walk(CascadeWalk walk);
const char* to_string(CascadeWalk walk);

}  // namespace facecert::probes
