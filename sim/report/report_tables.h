// The tables of a run's report, built from report.json alone, shared by the Markdown and HTML
// renderers so both show the same numbers: run facts, checks, operations, outages, recovery
// after each fault, consistency,
// t-visibility, versions per get, repair, messages by kind and by mechanism, per-node load,
// faults, timeline.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::report {

struct Table {
  std::string id;     // anchor / section id ("checks")
  std::string title;  // section heading
  std::string note;   // one explanatory line under the heading ("" for none)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // cells as text; a verdict cell is "PASS"/"FAIL"
};

// Every table of `report` (a report.json object), in report order. Tables whose data is absent
// have no rows.
std::vector<Table> ReportTables(const nlohmann::json& report);

// What produced the report: "dynamo-sim 0.1.0, commit 0123456789ab" from its `tool` object;
// "unknown (report.json has no tool)" for reports written before it existed.
std::string ProvenanceText(const nlohmann::json& report);

// "PASSED", "FAILED", or "-" when the report has no verdict.
std::string Verdict(const nlohmann::json& report);

}  // namespace sim::report
