#include "facecert/probes/cascade_walk_kind.h"

namespace facecert::probes {

bool cpu_can_walk(CascadeWalk walk) {
  switch (walk) {
    case CascadeWalk::one_by_one: return true;
    case CascadeWalk::avx2: return __builtin_cpu_supports("avx2") != 0;
  }
  return false;
}

const char* to_string(CascadeWalk walk) {
  switch (walk) {
    case CascadeWalk::one_by_one: return "one by one";
    case CascadeWalk::avx2: return "avx2";
  }
  return "?";
}

}  // namespace facecert::probes
