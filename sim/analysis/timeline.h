// Timeline: the run cut into equal time buckets, so availability, latency, staleness and traffic
// can be seen next to the fault windows (design.md: "overall and per time bucket").
//
// An op belongs to the bucket holding its invocation time (a get that starts in a partition and
// times out after it counts against the partition). Per bucket and op type: attempted (ops with
// an outcome), succeeded, availability (1.0 when nothing was attempted, as in latency_stats.h),
// p99 latency of the successful ops (nearest rank; 0 when none); the stale fraction of the
// successful gets (staleness.h; 0 when none); and messages sent, counted by the network at send
// time (RunResult.messages_by_bucket).
//
// Bucket size: ChooseTimelineBucketUs picks the smallest "round" size (1, 2 or 5 times a power of
// ten, at least 1 ms) that cuts the whole run (duration + quiesce) into at most 60 buckets: since
// round sizes step by at most 2.5x, that gives 24 to 60 buckets for any run longer than 24 ms,
// enough to see a fault window and few enough to read. `run --bucket DURATION` overrides it.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/analysis/staleness.h"
#include "sim/engine/time.h"
#include "sim/run_result.h"

namespace sim {

inline constexpr int64_t kMaxTimelineBuckets = 60;

struct TimelineBucket {
  TimeUs start_us = 0;
  uint64_t gets_attempted = 0, gets_succeeded = 0;
  uint64_t puts_attempted = 0, puts_succeeded = 0;
  double get_availability = 1.0, put_availability = 1.0;
  TimeUs get_p99_us = 0, put_p99_us = 0;
  uint64_t stale_reads = 0;   // stale successful gets invoked in the bucket
  double stale_fraction = 0;  // stale_reads / gets_succeeded
  uint64_t messages_sent = 0;
};

struct Timeline {
  TimeUs bucket_us = 0;
  std::vector<TimelineBucket> buckets;  // start_us = i * bucket_us, covering [0, sim_time_us)
};

// The default bucket size for a run of `total_us` (> 0).
TimeUs ChooseTimelineBucketUs(TimeUs total_us);

// REQUIRES: result.timeline_bucket_us > 0; `staleness` was computed from `result`.
Timeline ComputeTimeline(const RunResult& result, const StalenessReport& staleness);

}  // namespace sim
