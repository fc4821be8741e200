// report.html: a run's report as ONE self-contained HTML file (inline CSS and SVG; no script, no
// network): the verdict, the checks table, charts (availability and p99 latency over time with
// the fault windows shaded and labelled, stale reads and messages over time, bytes by
// mechanism, the latency CDF per op type, the t-visibility curve, versions per get, per-node
// load), then every table of report_tables.h. Input is the report.json object alone
// (report_json.h), so `dynamo-sim report` re-renders it without the run.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::report {

std::string RenderHtml(const nlohmann::json& report);

// The page frame shared with the comparison page: doctype, <head> with the title and the CSS.
std::string HtmlHead(const std::string& title);
// One table as HTML; cells "PASS"/"FAIL" get a colour class.
std::string HtmlTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

}  // namespace sim::report
