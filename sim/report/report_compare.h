// Comparing runs (`dynamo-sim report DIR1 DIR2...`): the key numbers of several report.json
// objects side by side. The first report is the baseline: a value that differs from the
// baseline's is highlighted (bold in Markdown, a yellow cell in HTML), and one that is worse by
// the metric's direction (lower availability, higher latency, more lost writes, a failed check,
// ...) is marked "(worse)" / red, one that is better "(better)" / green. Metrics with no better
// direction (digest, seed, repair work) are only highlighted.
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
};

// One row per metric, one column per report, against reports.front().
// REQUIRES: reports.size() >= 1.
std::vector<ComparisonRow> CompareMetrics(const std::vector<Metric>& metrics,
                                          const std::vector<nlohmann::json>& reports);

// CompareMetrics over the comparison's fixed metric list (verdict, seed, digest, ops, latency,
// consistency, messages, repair) plus one row per check any report ran.
// REQUIRES: reports.size() >= 1.
std::vector<ComparisonRow> CompareReports(const std::vector<nlohmann::json>& reports);

// `names` label the columns (the directories). REQUIRES: names.size() == reports.size().
std::string RenderComparisonMarkdown(const std::vector<std::string>& names,
                                     const std::vector<nlohmann::json>& reports);
std::string RenderComparisonHtml(const std::vector<std::string>& names,
                                 const std::vector<nlohmann::json>& reports);

}  // namespace sim::report
