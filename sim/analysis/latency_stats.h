// Availability and latency of each op type over a run's history (design.md, "Values and
// checkers"), computed exactly from every op, not from a sketch.
//
// Counting: an op is attempted once it has an outcome (kOk, kFailed or kTimeout); an op still
// kPending when the history is analysed has no outcome yet and is counted apart (`pending`), in
// neither attempted nor succeeded. Succeeded = kOk. Availability = succeeded / attempted, and 1.0
// when nothing was attempted (nothing was refused).
//
// Latency percentiles are over the successful ops only, by the nearest-rank method: the n
// latencies are sorted ascending and the p-th percentile is the one at 1-based rank ceil(p * n)
// (at least 1). Every percentile is therefore a latency that really occurred, and max is rank n.
// The rank is computed in integers (parts per million), so for 1000 samples p99.9 is rank 999
// exactly, not rank 1000 through floating-point rounding. With no successful op every percentile
// is 0. The mean is the arithmetic mean of the same latencies (0 with none): a figure that, unlike
// the percentiles, moves with every sample, so a change in the tail shows even below p99.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

struct LatencyPercentiles {
  TimeUs p50_us = 0;
  TimeUs p99_us = 0;
  TimeUs p999_us = 0;  // 99.9th percentile
  TimeUs max_us = 0;
  double mean_us = 0;  // sum / count, exact up to the double's rounding
};

// One point of a latency CDF: the nearest-rank latency at `parts_per_million`.
struct LatencyQuantile {
  uint32_t parts_per_million = 0;
  TimeUs latency_us = 0;
};

struct OpStats {
  uint64_t attempted = 0;  // ops with an outcome
  uint64_t succeeded = 0;  // kOk
  uint64_t pending = 0;    // no outcome yet; not attempted
  double availability = 1.0;
  LatencyPercentiles latency;  // over the succeeded ops
  // The CDF at the fixed quantiles kCdfPartsPerMillion (empty when no op succeeded), so reports
  // can draw it without every sample.
  std::vector<LatencyQuantile> cdf;
};

struct LatencyStats {
  OpStats get;
  OpStats put;
  // User-level cart adds (carts only; nothing attempted with registers): an add is attempted
  // once its read and the put it led to (if any) have outcomes, and succeeded when its put
  // succeeded; a read that failed without a put (always_writeable off) is a failed add. Latency
  // from the read's invocation to the put's completion.
  OpStats add;
};

// Percentile ranks in parts per million.
inline constexpr uint32_t kP50PartsPerMillion = 500'000;
inline constexpr uint32_t kP99PartsPerMillion = 990'000;
inline constexpr uint32_t kP999PartsPerMillion = 999'000;
inline constexpr uint32_t kMaxPartsPerMillion = 1'000'000;
// The quantiles of OpStats::cdf: the minimum (rank 1), 1%, 5%, 10%, 20% ... 90%, 95%, 98%,
// 99%, 99.5%, 99.9%, 99.99% and the maximum.
inline constexpr uint32_t kCdfPartsPerMillion[] = {
    1,       10'000,  50'000,  100'000, 200'000, 300'000, 400'000, 500'000, 600'000, 700'000,
    800'000, 900'000, 950'000, 980'000, 990'000, 995'000, 999'000, 999'900, 1'000'000};

// The nearest-rank percentile of `sorted_us`: the element at 1-based rank
// max(1, ceil(parts_per_million * n / 1e6)).
// REQUIRES: sorted_us is non-empty and sorted ascending; 0 < parts_per_million <= 1e6.
TimeUs NearestRankUs(absl::Span<const TimeUs> sorted_us, uint32_t parts_per_million);

// The percentiles and mean of `latencies_us`, in any order (sorted in place). All 0 when it is empty.
LatencyPercentiles ComputePercentiles(absl::Span<TimeUs> latencies_us);

// Counts and latency of the ops of one type.
OpStats ComputeOpStats(const History& history, OpType type);

// The cart adds (LatencyStats::add).
OpStats ComputeAddStats(const History& history);

// Every op type and the adds, in one call.
LatencyStats ComputeLatencyStats(const History& history);

// Microseconds as fractional milliseconds, for reports (1500 us -> 1.5).
inline double UsToMs(TimeUs us) { return static_cast<double>(us) / 1000.0; }

}  // namespace sim
