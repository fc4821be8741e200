// One line of a sweep's JSON lines file: the outcome of one scenario run with one seed, reduced
// to what a sweep aggregates and what a person needs to reproduce it. `sweep` writes these lines
// (one per seed, in seed order) and `merge` reads them back, validating every field, so the two
// commands share one definition of the line.
//
// Line keys, in this order: scenario, seed, digest, passed, failed_checks (names), checks
// ([{name, passed, detail}]), get_availability, put_availability, get_p50_ms, get_p99_ms,
// put_p50_ms, put_p99_ms, stale_read_fraction, lost_writes, resurrected_items (only for a run with
// cart removes), converged, reproduce.
// Nothing in a line depends on wall time or on --jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/analysis/checks.h"
#include "sim/analysis/summary.h"
#include "sim/run_result.h"

namespace sim::cli {

struct SweepLine {
  std::string scenario;  // the scenario's name
  uint64_t seed = 0;
  std::string digest;  // 16 hex digits
  bool passed = true;
  std::vector<CheckResult> checks;
  double get_availability = 1.0;
  double put_availability = 1.0;
  double get_p50_ms = 0;
  double get_p99_ms = 0;
  double put_p50_ms = 0;
  double put_p99_ms = 0;
  double stale_read_fraction = 0;
  uint64_t lost_writes = 0;
  // Cart removes' resurrected items (lost_writes.h); none when the run made no remove.
  std::optional<uint64_t> resurrected_items;
  bool converged = true;
  std::string reproduce;  // the exact `tools/sim run` command of this seed

  // Names of the checks that failed, in check order.
  std::vector<std::string> FailedChecks() const;
};

// The line of one finished run. REQUIRES: `summary` was computed from `result`.
SweepLine MakeSweepLine(const RunResult& result, const RunSummary& summary,
                        std::string reproduce);

// The line as one line of JSON text (no newline).
std::string SweepLineToJson(const SweepLine& line);

// Parses and validates one line of text. InvalidArgument names `label` ("file:line") and the
// key that is missing or of the wrong type.
absl::StatusOr<SweepLine> ParseSweepLine(const std::string& text, const std::string& label);

}  // namespace sim::cli
