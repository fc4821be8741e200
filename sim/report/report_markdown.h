// report.md: a run's report as Markdown (GitHub flavour): a heading with the verdict, then the
// tables of report_tables.h (checks first). Input is the report.json object alone, so
// `dynamo-sim report` re-renders it without the run.
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace sim::report {

std::string RenderMarkdown(const nlohmann::json& report);

// A Markdown table cell: '|' escaped, newlines as spaces.
std::string MarkdownCell(const std::string& text);

}  // namespace sim::report
