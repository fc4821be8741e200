// Runs one job per seed on worker threads and hands the results back in seed order.
//
// Each job is a whole, single-threaded simulation; parallelism exists only across seeds, so each
// run stays deterministic. (The simulator keeps no mutable globals: its function-local statics
// are constant tables initialised once, which C++ makes thread-safe.) Results that finish early
// wait in a buffer until every earlier seed is delivered, so what the caller sees, and writes,
// does not depend on the number of threads or their timing.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

using SeedJob = std::function<absl::StatusOr<SweepLine>(uint64_t seed)>;
// Called on the calling thread, once per seed, in the order of `seeds`.
using SeedResultSink = std::function<void(const absl::StatusOr<SweepLine>& result)>;

// Runs `job` for every seed on `jobs` threads (REQUIRES: jobs >= 1; `job` safe to call
// concurrently) and calls `sink` with each result in the order of `seeds`. After a job returns
// an error no further seed is started; the error and every result before it are still delivered,
// and results after it are dropped. Returns the number of results delivered.
size_t RunSeedsInOrder(const std::vector<uint64_t>& seeds, int jobs, const SeedJob& job,
                       const SeedResultSink& sink);

}  // namespace sim::cli
