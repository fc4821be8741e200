// An ablation's side-by-side report (ablation_report.h) as Markdown (what `dynamo-sim ablate`
// prints and writes to ablation.md) and as one self-contained HTML page (ablation.html: inline
// CSS and SVG, no script): the variants with their overrides and digests (linked to each
// variant's report.html in the page), the outcome table, a bar chart of bytes by mechanism per
// variant, and the bytes and messages by mechanism tables. Input is ablation.json alone.
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace sim::report {

std::string RenderAblationMarkdown(const nlohmann::json& ablation);
std::string RenderAblationHtml(const nlohmann::json& ablation);

}  // namespace sim::report
