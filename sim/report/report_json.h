// report.json (scenario-format.md, "report.json"): the machine-readable result of one run.
//
// Filled from a RunSummary and its RunResult: scenario, seed, digest, sim_time_s, wall_time_s,
// events; ops.get and ops.put {attempted, succeeded, availability, latency_ms {p50, p99, p999,
// max}}; consistency {stale_reads, stale_read_fraction, siblings_histogram, plus the extra keys
// k_staleness (k -> gets that missed k puts, k = 0 included) and max_siblings}; messages {sent,
// dropped, by_kind {kind: {count, bytes}}}. Histogram keys are decimal strings ("1").
//
// Keys whose data a RunResult does not carry yet (consistency.lost_writes, converged,
// convergence_time_s; repair; timeline; checks; passed) are absent, never filled with guesses;
// whoever computes them adds them to the returned object.
//
// Objects keep nlohmann::json's sorted key order, so the same run dumps to the same text.
#pragma once

#include "nlohmann/json.hpp"
#include "sim/analysis/summary.h"
#include "sim/run_result.h"

namespace sim {

// REQUIRES: `summary` was computed from `result`.
nlohmann::json ReportJson(const RunSummary& summary, const RunResult& result);

}  // namespace sim
