#include "sim/analysis/summary.h"

namespace sim {

RunSummary ComputeRunSummary(const RunResult& result) {
  RunSummary summary;
  summary.ops = ComputeLatencyStats(result.history);
  summary.staleness = ComputeStaleness(result);
  summary.siblings = ComputeSiblingsHistogram(result.history);
  summary.messages.sent = result.messages_sent;
  summary.messages.dropped = result.messages_dropped;
  summary.messages.by_kind = result.traffic;
  summary.lost_writes = ComputeLostWrites(result);
  return summary;
}

}  // namespace sim
