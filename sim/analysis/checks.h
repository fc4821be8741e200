// Checkers: the scenario's `checks` (scenario-format.md) evaluated against one run, each giving a
// verdict and one actionable detail line (which key, which op, which replica, at what virtual
// time). Definitions are design.md's, "Values and checkers":
//   no_lost_writes  lost_writes.h, over RunResult.final_versions: each written key read from all
//                   N replicas of the final ring, data and write buffers, merged as a get with
//                   R = N merges (Cluster::FinalReplicaVersions); on unless `false`. An item
//                   a cart remove named (any outcome) is not lost when absent
//   no_resurrected_items  no item an acknowledged cart remove took out is in that final read
//                   (lost_writes.h); off unless `true`
//   convergence     every replica of every written key holds the same versions at the end of
//                   quiesce (RunResult.convergence), and with `within`, converged no later than
//                   that after the last heal; on unless `false`
//   availability    success fraction per op type (get, put) and of cart adds over the run >=
//                   the bound (a bound of 0 or an op type left out is not checked); with
//                   max_outage, the longest outage of any client <= it; with max_recovery, every
//                   fault window with ops after it recovered within it (outages.h)
//   latency         each listed percentile ({get,put}_{p50,p99,p999,max}) <= its bound
//   stale_reads     stale_read_fraction <= max_fraction
//   max_siblings    most versions any successful get returned <= the bound
//   membership      every leave completed and every join finished its transfers by the end of
//                   quiesce; on unless `false` when the scenario has join or leave faults
// A check that is not configured is not listed. Order: the order above.
#pragma once

#include <string>
#include <vector>

#include "sim/run_result.h"
#include "sim/scenario/scenario.h"

namespace sim {

struct RunSummary;

struct CheckResult {
  std::string name;  // the key in `checks`
  bool passed = false;
  std::string detail;  // one line
};

// REQUIRES: `summary` was computed from `result` (its ops, staleness, siblings, lost writes and
// timeline are read; its checks are not).
std::vector<CheckResult> EvaluateChecks(const scenario::Checks& checks, const RunResult& result,
                                        const RunSummary& summary);

// True when every check passed (also when there is none).
bool AllPassed(const std::vector<CheckResult>& checks);

}  // namespace sim
