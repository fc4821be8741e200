// RunSummary: the numbers of one run that the summary table and report.json show, computed from
// its RunResult: availability and latency per op type, stale reads, versions per get, messages,
// lost writes, t-visibility, the timeline, and the verdicts of the scenario's checks.
//
// Everything here is a pure function of the RunResult, so the same run gives the same summary
// (wall_time_s is the one field that differs between runs, and it is copied, not measured).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/analysis/checks.h"
#include "sim/analysis/latency_stats.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/outages.h"
#include "sim/analysis/siblings_histogram.h"
#include "sim/analysis/staleness.h"
#include "sim/analysis/t_visibility.h"
#include "sim/analysis/timeline.h"
#include "sim/run_result.h"

namespace sim {

struct MessageSummary {
  uint64_t sent = 0;
  uint64_t dropped = 0;
  std::vector<MessageTraffic> by_kind;  // as in RunResult.traffic (the node logic's kind order)
  // by_kind summed per mechanism (message_mechanism.h): every mechanism, in its enum order.
  std::vector<MessageTraffic> by_mechanism;
};

struct RunSummary {
  LatencyStats ops;
  StalenessReport staleness;
  SiblingsHistogram siblings;
  MessageSummary messages;
  LostWritesReport lost_writes;
  TVisibility t_visibility;
  Timeline timeline;
  OutageReport outages;             // longest outages, unavailable time in faults, recovery
  std::vector<CheckResult> checks;  // result.checks evaluated (checks.h)
  bool passed = true;               // every check passed
};

RunSummary ComputeRunSummary(const RunResult& result);

// A fixed-width text table for a terminal: per op type (and cart adds, for carts)
// attempted/succeeded/availability and latency p50/p99/p99.9/max (ms); the outage figures
// (longest outage overall and of the worst client, unavailable time in fault windows, recovery
// after each lasting fault); lost writes, convergence, stale reads with their k histogram;
// versions per get; messages sent/dropped with a per-kind and a per-mechanism table; then one "name: value" line each
// for the scenario, seed, events, sim time and wall time ("not measured" when 0); a checks section (one "PASS name:
// detail" or "FAIL name: detail" line per check); and last the line "digest: <16 hex digits>".
// Long histograms show their first rows and say how many were left out. Ends with a newline.
// REQUIRES: `summary` was computed from `result`.
std::string FormatSummaryTable(const RunSummary& summary, const RunResult& result);

}  // namespace sim
