// The end summary of a sweep, computed from its lines alone, so `sweep` and `merge` (which
// re-reads shard files) print exactly the same text for the same set of seeds.
//
// Aggregates across seeds: availability mean and min per op type (with the seed of the min);
// per-seed latency p50 and p99 per op type summarised by their median (nearest rank, the lower
// middle) and max (with its seed); stale-read fraction mean and max; lost writes in total and the
// seeds with any; seeds converged; passed/failed counts; then every failing seed with its failed
// checks and its reproduce command.
#pragma once

#include <string>
#include <vector>

#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

// The summary text (ends with a newline). `lines` in any order; they are reported by seed.
std::string FormatSweepSummary(const std::vector<SweepLine>& lines);

// True when every line passed (also when there is none).
bool AllSeedsPassed(const std::vector<SweepLine>& lines);

}  // namespace sim::cli
