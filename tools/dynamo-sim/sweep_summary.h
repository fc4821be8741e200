// The end summary of a sweep, computed from its lines alone, so `sweep` and `merge` (which
// re-reads shard files) print exactly the same text for the same set of seeds.
//
// Aggregates across seeds: availability mean and min per op type (with the seed of the min);
// per-seed latency p50 and p99 per op type summarised by their median (nearest rank, the lower
// middle) and max (with its seed); stale-read fraction mean and max; lost writes in total and the
// seeds with any; seeds converged; passed/failed counts; then the failing seeds, lowest first,
// each with its failed checks and its reproduce command (at most kListedFailingSeeds of them,
// then a count of the rest: every seed's line carries both).
//
// Computed online (SweepSummary::Add as each seed finishes), so a sweep's memory does not grow
// with its seeds: sums, minima and maxima are a few numbers; a median needs every value, so each
// latency keeps a count per distinct value (values are whole microseconds, so they are bounded by
// the latencies a run can have, not by the seed count); the failing seeds keep at most
// kListedFailingSeeds entries. Ties of a min or max name the lower seed. Means are summed in the
// order lines are added: seed order gives the same text as sorting first (`sweep` adds seeds in
// order; `merge` and FormatSweepSummary sort first).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

inline constexpr size_t kListedFailingSeeds = 1000;

class SweepSummary {
 public:
  void Add(const SweepLine& line);
  // Adds `lines` (in any order) lowest seed first.
  void AddInSeedOrder(const std::vector<SweepLine>& lines);

  // The summary text (ends with a newline).
  std::string Format() const;

  // True when every line passed (also when there is none).
  bool AllPassed() const { return failed_ == 0; }

 private:
  // Mean, min and max of one figure across seeds (with the seed of the min and the max).
  struct Spread {
    double sum = 0;
    double min = 0;
    uint64_t min_seed = 0;
    double max = 0;
    uint64_t max_seed = 0;
    void Add(double value, uint64_t seed, bool first);
  };
  // A Spread plus the count of each distinct value, for the median.
  struct MedianSpread {
    Spread spread;
    absl::btree_map<double, uint64_t> counts;
    void Add(double value, uint64_t seed, bool first);
    double Median(uint64_t n) const;  // nearest rank, the lower middle of an even count
  };
  struct FailingSeed {
    std::string failed_checks;  // names, ", "-joined
    std::string reproduce;
  };

  uint64_t seeds_ = 0;
  uint64_t failed_ = 0;
  std::string scenario_;  // of the lowest seed
  uint64_t lowest_seed_ = std::numeric_limits<uint64_t>::max();
  Spread get_availability_, put_availability_, stale_read_fraction_;
  MedianSpread get_p50_ms_, get_p99_ms_, put_p50_ms_, put_p99_ms_;
  uint64_t lost_writes_ = 0;
  uint64_t seeds_losing_ = 0;
  // Cart removes (lines that carry resurrected_items): a figure, not a failure.
  uint64_t seeds_with_removes_ = 0;
  uint64_t resurrected_items_ = 0;
  uint64_t seeds_resurrecting_ = 0;
  uint64_t converged_ = 0;
  std::map<uint64_t, FailingSeed> failing_;  // the lowest kListedFailingSeeds failing seeds
};

// The summary of `lines` in any order (sorted by seed first, then added).
std::string FormatSweepSummary(const std::vector<SweepLine>& lines);

// True when every line passed (also when there is none).
bool AllSeedsPassed(const std::vector<SweepLine>& lines);

}  // namespace sim::cli
