#include "sim/analysis/summary.h"

#include "sim/analysis/message_mechanism.h"

namespace sim {

RunSummary ComputeRunSummary(const RunResult& result) {
  RunSummary summary;
  summary.ops = ComputeLatencyStats(result.history);
  summary.staleness = ComputeStaleness(result);
  summary.siblings = ComputeSiblingsHistogram(result.history);
  summary.messages.sent = result.messages_sent;
  summary.messages.dropped = result.messages_dropped;
  summary.messages.by_kind = result.traffic;
  summary.messages.by_mechanism = TrafficByMechanism(result.traffic);
  summary.lost_writes = ComputeLostWrites(result);
  summary.t_visibility =
      ComputeTVisibility(result.history, ValueModel{result.carts, result.last_write_wins},
                         result.checks.t_visibility_at_us);
  if (result.timeline_bucket_us > 0) summary.timeline = ComputeTimeline(result, summary.staleness);
  summary.outages = ComputeOutages(result, summary.timeline);
  summary.checks = EvaluateChecks(result.checks, result, summary);
  summary.passed = AllPassed(summary.checks);
  return summary;
}

}  // namespace sim
