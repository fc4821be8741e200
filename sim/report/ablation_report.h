// The side-by-side report of an ablation (sim/ablation.h, `dynamo-sim ablate`): ablation.json,
// and the tables its Markdown and HTML renderings (ablation_render.h) show. Like report.json for
// one run, ablation.json is the renderers' only input.
//
// ablation.json: {scenario, seed (one seed) or seeds [A..B] (several), variants: [{id, label,
// overrides [PATH=VALUE], same_as_full, not_exercised, differs_from_full [scenario keys],
// and for one seed: report (the variant's report.json, relative: "<id>/report.json"), digest,
// metrics {get_availability, put_availability, stale_read_fraction, lost_writes, converged,
// convergence_time_s (null when not converged), checks_passed, checks, passed, messages, bytes,
// by_mechanism {mechanism: {count, bytes}}}; for several seeds: runs [{seed, report
// ("<id>/seed-<N>/report.json"), digest, metrics}]}]}; variants[0] is the full configuration.
//
// not_exercised: the variant's digest equals the full configuration's at every seed, so the
// scenario never reached the mechanism it switches off (a bit-identical run says nothing about
// what the mechanism buys). differs_from_full: the resolved-scenario keys in which the variant
// differs from the full configuration (absent when a report has no resolved_scenario).
//
// Every other variant is compared with variants[0] (report_compare.h's CompareMetricGroups):
// values that differ are highlighted with their difference, and marked worse or better by the
// metric's direction (lower availability, more stale reads or lost writes, not converging, a
// later convergence, fewer checks passed are worse; fewer messages and bytes are better); over
// several seeds only when the 95% intervals do not overlap ("within noise" otherwise).
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
  std::vector<nlohmann::json> reports;  // the variant's report.json objects, one per seed
};

// REQUIRES: !entries.empty(); entries.front() is the full configuration; every entry has one
// report per seed of `seeds` (non-empty), in that order.
nlohmann::json AblationJson(const std::string& scenario, const std::vector<uint64_t>& seeds,
                            const std::vector<AblationEntry>& entries);

// Where one seed's run of a variant is written under the ablation's --out directory when it has
// several seeds: "<id>/seed-<N>" (with one seed, "<id>").
std::string AblationRunDir(const std::string& id, uint64_t seed);

// A variant's runs in ablation.json: its `runs` (several seeds), or the variant itself (one
// seed); each holds `digest` and `metrics`.
std::vector<nlohmann::json> VariantRuns(const nlohmann::json& variant);

// One cell of a side-by-side table: a variant's value of a metric, against the full run's.
struct AblationCell {
  std::string text;   // the value ("0.97", "yes", "-")
  std::string delta;  // signed difference from the full run ("-0.03"), "" if none
  bool differs = false;
  bool worse = false;
  bool better = false;
  bool within_noise = false;  // differs, but inside the seeds' spread
};

// A table with one row per variant and one column per metric.
struct AblationTable {
  std::string id;     // anchor ("outcome")
  std::string title;  // heading
  std::string note;
  std::vector<std::string> columns;          // metric labels (without the variant column)
  std::vector<std::string> variants;         // row labels (+ "not exercised" when so)
  std::vector<std::vector<AblationCell>> cells;  // [variant][column]
};

// The outcome table (availability, stale reads, lost writes, convergence, checks, messages,
// bytes), then bytes by mechanism, then messages by mechanism. Tolerant of missing keys ("-").
std::vector<AblationTable> AblationTables(const nlohmann::json& ablation);

}  // namespace sim::report
