#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {

std::vector<FlowAuditorEntry>& flow_auditor_table() {
  static std::vector<FlowAuditorEntry> table;  // built during static initialisation
  return table;
}

}  // namespace facecert::probes
