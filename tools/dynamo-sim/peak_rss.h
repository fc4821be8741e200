#pragma once
// The process's peak resident set so far, for report.json's peak_rss_bytes. `run` runs one
// simulation per process, so after it this is the run's peak (binary, scenario, history and
// checkers included). Like wall time it differs between runs, so --no-wall-time leaves it 0.

#include <cstdint>

namespace sim::cli {

// getrusage(RUSAGE_SELF).ru_maxrss in bytes; 0 when the system cannot say.
uint64_t PeakRssBytes();

}  // namespace sim::cli
