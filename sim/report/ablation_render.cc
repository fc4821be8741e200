#include "sim/report/ablation_render.h"

#include <iterator>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "fmt/format.h"
#include "sim/report/ablation_report.h"
#include "sim/report/json_view.h"
#include "sim/report/mechanism_items.h"
#include "sim/report/report_html.h"
#include "sim/report/report_markdown.h"
#include "sim/report/svg.h"

namespace sim::report {
namespace {

constexpr const char* kIntro =
    "Each variant runs the same scenario and seed with one mechanism switched off by the "
    "`--set` overrides shown. The first row is the full configuration; every other value that "
    "differs from it is highlighted with its difference and marked worse or better. An ablation "
    "is a measurement, not a check: the variants are expected to fail checks.";

// " (-0.03, worse)" or "" for a cell equal to the full run's.
std::string Annotation(const AblationCell& cell) {
  std::vector<std::string> parts;
  if (!cell.delta.empty()) parts.push_back(cell.delta);
  if (cell.worse) parts.emplace_back("worse");
  if (cell.better) parts.emplace_back("better");
  return parts.empty() ? "" : " (" + absl::StrJoin(parts, ", ") + ")";
}

std::string OverridesText(const nlohmann::json& variant) {
  std::vector<std::string> sets;
  for (const nlohmann::json& set : Array(variant, {"overrides"})) {
    if (set.is_string()) sets.push_back("--set " + set.get<std::string>());
  }
  std::string text = sets.empty() ? "(none)" : absl::StrJoin(sets, " ");
  const nlohmann::json* same = Find(variant, {"same_as_full"});
  if (same != nullptr && same->is_boolean() && same->get<bool>()) text += " (same as full)";
  return text;
}

std::string Title(const nlohmann::json& ablation) {
  return fmt::format("dynamo-sim ablation: {} (seed {})", Text(ablation, {"scenario"}),
                     Show(ablation, {"seed"}));
}

void AppendMarkdownTable(std::string* out, const AblationTable& table) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "\n## {}\n\n{}\n\n| variant |", table.title, MarkdownCell(table.note));
  for (const std::string& column : table.columns) fmt::format_to(it, " {} |", MarkdownCell(column));
  *out += "\n|---|";
  for (size_t i = 0; i < table.columns.size(); ++i) *out += "---|";
  *out += "\n";
  for (size_t v = 0; v < table.variants.size(); ++v) {
    fmt::format_to(it, "| {} |", MarkdownCell(table.variants[v]));
    for (const AblationCell& cell : table.cells[v]) {
      const std::string text = MarkdownCell(cell.text);
      fmt::format_to(it, " {}{} |", cell.differs ? "**" + text + "**" : text, Annotation(cell));
    }
    *out += "\n";
  }
}

void AppendHtmlTable(std::string* out, const AblationTable& table) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n<table>\n<tr><th>variant</th>",
                 svg::Escape(table.id), svg::Escape(table.title), svg::Escape(table.note));
  for (const std::string& column : table.columns) *out += "<th>" + svg::Escape(column) + "</th>";
  *out += "</tr>\n";
  for (size_t v = 0; v < table.variants.size(); ++v) {
    *out += "<tr><td>" + svg::Escape(table.variants[v]) + "</td>";
    for (const AblationCell& cell : table.cells[v]) {
      std::string cls = cell.differs ? "diff" : "";
      if (cell.worse) cls += " worse";
      if (cell.better) cls += " better";
      fmt::format_to(it, "<td{}>{}{}</td>", cls.empty() ? "" : " class=\"" + cls + "\"",
                     svg::Escape(cell.text), svg::Escape(Annotation(cell)));
    }
    *out += "</tr>\n";
  }
  *out += "</table>\n";
}

// Grouped bars: one group per mechanism, one bar per variant. The legend names variants by id
// (their directory): the labels are too long for one legend line.
std::string BytesChart(const nlohmann::json& ablation) {
  svg::BarChart chart;
  chart.title = "Bytes sent by mechanism, per variant (modelled; variants by directory)";
  chart.x_title = "mechanism";
  chart.y_title = "bytes over the run";
  const nlohmann::json& variants = Array(ablation, {"variants"});
  for (size_t v = 0; v < variants.size(); ++v) {
    chart.series_names.push_back(Text(variants[v], {"id"}));
    chart.series_colors.push_back(svg::Color(v));
  }
  for (const std::string& name : MechanismNames()) {
    svg::BarGroup group{name, {}};
    for (const nlohmann::json& variant : variants) {
      group.values.push_back(Number(variant, {"metrics", "by_mechanism", name, "bytes"}));
    }
    chart.groups.push_back(std::move(group));
  }
  return svg::RenderBarChart(chart, 1100, 360);
}

}  // namespace

std::string RenderAblationMarkdown(const nlohmann::json& ablation) {
  std::string out = "# " + Title(ablation) + "\n\n" + kIntro + "\n\n";
  out += "| variant | overrides | digest | report |\n|---|---|---|---|\n";
  for (const nlohmann::json& variant : Array(ablation, {"variants"})) {
    out += fmt::format("| {} | {} | `{}` | {} |\n", MarkdownCell(Text(variant, {"label"})),
                       MarkdownCell(OverridesText(variant)), Show(variant, {"digest"}),
                       MarkdownCell(Text(variant, {"report"})));
  }
  for (const AblationTable& table : AblationTables(ablation)) AppendMarkdownTable(&out, table);
  return out;
}

std::string RenderAblationHtml(const nlohmann::json& ablation) {
  const std::string title = Title(ablation);
  std::string out = HtmlHead(title);
  auto it = std::back_inserter(out);
  fmt::format_to(it, "<body>\n<h1>{}</h1>\n<p>{}</p>\n", svg::Escape(title),
                 svg::Escape(absl::StrReplaceAll(kIntro, {{"`", ""}})));
  out += "<table>\n<tr><th>variant</th><th>overrides</th><th>digest</th><th>report</th></tr>\n";
  for (const nlohmann::json& variant : Array(ablation, {"variants"})) {
    const std::string id = Text(variant, {"id"});
    fmt::format_to(it,
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{}/report.html\">{}/"
                   "report.html</a></td></tr>\n",
                   svg::Escape(Text(variant, {"label"})), svg::Escape(OverridesText(variant)),
                   svg::Escape(Show(variant, {"digest"})), svg::Escape(id), svg::Escape(id));
  }
  out += "</table>\n";
  const std::vector<AblationTable> tables = AblationTables(ablation);
  if (!tables.empty()) AppendHtmlTable(&out, tables.front());
  out += "<div class=\"charts\">\n" + BytesChart(ablation) + "</div>\n";
  for (size_t i = 1; i < tables.size(); ++i) AppendHtmlTable(&out, tables[i]);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sim::report
