// The side-by-side report of an ablation (sim/ablation.h, `dynamo-sim ablate`): ablation.json,
// and the tables its Markdown and HTML renderings (ablation_render.h) show. Like report.json for
// one run, ablation.json is the renderers' only input.
//
// ablation.json: {scenario, seed, variants: [{id, label, overrides [PATH=VALUE], same_as_full,
// report (the variant's report.json, relative: "<id>/report.json"), digest, metrics {
// get_availability, put_availability, stale_read_fraction, lost_writes, converged,
// convergence_time_s (null when not converged), checks_passed, checks, passed, messages, bytes,
// by_mechanism {mechanism: {count, bytes}}}}]}; variants[0] is the full configuration.
//
// Every other variant is compared with variants[0] (report_compare.h's CompareMetrics): values
// that differ are highlighted with their difference, and marked worse or better by the metric's
// direction (lower availability, more stale reads or lost writes, not converging, a later
// convergence, fewer checks passed are worse; fewer messages and bytes are better).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::report {

// One variant's run, as `dynamo-sim ablate` made it.
struct AblationEntry {
  std::string id;
  std::string label;
  std::vector<std::string> overrides;
  bool same_as_full = false;
  nlohmann::json report;  // the variant's report.json object
};

// REQUIRES: !entries.empty(); entries.front() is the full configuration.
nlohmann::json AblationJson(const std::string& scenario, uint64_t seed,
                            const std::vector<AblationEntry>& entries);

// One cell of a side-by-side table: a variant's value of a metric, against the full run's.
struct AblationCell {
  std::string text;   // the value ("0.97", "yes", "-")
  std::string delta;  // signed difference from the full run ("-0.03"), "" if none
  bool differs = false;
  bool worse = false;
  bool better = false;
};

// A table with one row per variant and one column per metric.
struct AblationTable {
  std::string id;     // anchor ("outcome")
  std::string title;  // heading
  std::string note;
  std::vector<std::string> columns;          // metric labels (without the variant column)
  std::vector<std::string> variants;         // row labels
  std::vector<std::vector<AblationCell>> cells;  // [variant][column]
};

// The outcome table (availability, stale reads, lost writes, convergence, checks, messages,
// bytes), then bytes by mechanism, then messages by mechanism. Tolerant of missing keys ("-").
std::vector<AblationTable> AblationTables(const nlohmann::json& ablation);

}  // namespace sim::report
