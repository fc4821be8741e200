// Comparing runs (`dynamo-sim report DIR1 DIR2...`): the key numbers of several report.json
// objects side by side. The first report is the baseline: a value that differs from the
// baseline's is highlighted (bold in Markdown, a yellow cell in HTML), and one that is worse by
// the metric's direction (lower availability, higher latency, more lost writes, a failed check,
// ...) is marked "(worse)" / red, one that is better "(better)" / green. Metrics with no better
// direction (digest, seed, repair work) are only highlighted.
//
// A column may hold several runs of the same scenario at different seeds (a group): its numbers
// are then the mean and a 95% interval over the seeds (seed_interval.h), and a difference is
// marked worse or better only when the column's interval does not overlap the baseline's;
// otherwise it is "within noise". With one run per column (one seed) a value is a point and
// every difference is marked, as a single run cannot tell an effect from noise; the rendered
// comparison says so. The comparison also names the scenario keys in which its columns differ
// (scenario_keys.h), from each column's first report's resolved_scenario.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::report {

struct ComparisonRow {
  std::string metric;
  std::vector<std::string> values;  // one per report, as text ("-" when absent)
  std::vector<bool> differs;        // from the baseline (always false for the baseline)
  std::vector<bool> worse;          // than the baseline
  std::vector<bool> better;         // than the baseline
  // differs by the metric's direction, but the intervals overlap: not marked worse or better.
  std::vector<bool> within_noise;
  // value - baseline as signed text ("+0.25", "-12"); "" unless both are numbers (not booleans)
  // and differ.
  std::vector<std::string> delta;
};

// Which direction of a metric is better.
enum class Better { kNeither, kHigher, kLower };

// One compared value: `path` is a key sequence from the report's root; a path {"#check", NAME}
// is the `passed` of the check named NAME. Booleans order as false < true.
struct Metric {
  std::string label;
  std::vector<std::string> path;
  Better better = Better::kNeither;
  // Over several seeds: false for identifiers (seed, digest), which are listed, not averaged.
  bool average = true;
};

// The runs of one column: one report per seed (one report for a single run).
using ReportGroup = std::vector<nlohmann::json>;

// One row per metric, one column per report, against reports.front().
// REQUIRES: reports.size() >= 1.
std::vector<ComparisonRow> CompareMetrics(const std::vector<Metric>& metrics,
                                          const std::vector<nlohmann::json>& reports);
// The same over groups (one column each). REQUIRES: every group non-empty, groups.size() >= 1.
std::vector<ComparisonRow> CompareMetricGroups(const std::vector<Metric>& metrics,
                                               const std::vector<ReportGroup>& groups);

// CompareMetrics over the comparison's fixed metric list (verdict, seed, digest, ops, latency,
// consistency, messages, repair) plus one row per check any report ran.
// REQUIRES: reports.size() >= 1.
std::vector<ComparisonRow> CompareReports(const std::vector<ReportGroup>& groups);

// `names` label the columns (the directories). REQUIRES: names.size() == groups.size(), every
// group non-empty.
std::string RenderComparisonMarkdown(const std::vector<std::string>& names,
                                     const std::vector<ReportGroup>& groups);
std::string RenderComparisonHtml(const std::vector<std::string>& names,
                                 const std::vector<ReportGroup>& groups);

}  // namespace sim::report
