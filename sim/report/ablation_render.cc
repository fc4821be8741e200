#include "sim/report/ablation_render.h"

#include <algorithm>
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
    "differs from it is highlighted with its difference and marked worse or better. A variant "
    "whose digest equals the full configuration's (at every seed) is marked \"not exercised by "
    "this scenario\": the scenario never needed that mechanism, so the row says nothing about "
    "what it buys. An ablation is a measurement, not a check: the variants are expected to fail "
    "checks.";

// How the values were aggregated: one seed, or mean +- 95% interval over several.
std::string SeedsNote(const nlohmann::json& ablation) {
  if (Find(ablation, {"seeds"}) == nullptr) {
    return "One seed: a difference may be noise (run with --seeds A..B to tell).";
  }
  return "Each value is the mean ± the half-width of its 95% interval (Student t over the "
         "seeds); a difference whose interval overlaps the full configuration's is marked "
         "\"within noise\", not worse or better.";
}

// " (-0.03, worse)" or "" for a cell equal to the full run's.
std::string Annotation(const AblationCell& cell) {
  std::vector<std::string> parts;
  if (!cell.delta.empty()) parts.push_back(cell.delta);
  if (cell.worse) parts.emplace_back("worse");
  if (cell.better) parts.emplace_back("better");
  if (cell.within_noise) parts.emplace_back("within noise");
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

// The variant's digest, or its digests over the seeds ("3 distinct over 5 seeds").
std::string DigestText(const nlohmann::json& variant) {
  const std::vector<nlohmann::json> runs = VariantRuns(variant);
  if (runs.size() == 1) return "`" + Show(runs.front(), {"digest"}) + "`";
  std::vector<std::string> digests;
  for (const nlohmann::json& run : runs) digests.push_back(Show(run, {"digest"}));
  std::sort(digests.begin(), digests.end());
  digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
  return fmt::format("{} distinct over {} seeds", digests.size(), runs.size());
}

// "yes", "not exercised by this scenario (same digest as the full configuration)", or "-" for
// the full configuration itself.
std::string ExercisedText(const nlohmann::json& variant, bool is_full) {
  if (is_full) return "-";
  const nlohmann::json* idle = Find(variant, {"not_exercised"});
  if (idle == nullptr || !idle->is_boolean()) return "-";
  return idle->get<bool>() ? "not exercised by this scenario (same digest as the full "
                             "configuration)"
                           : "yes";
}

// The scenario keys the variant changes, as resolved ("cluster.read_repair"), or "-".
std::string ChangedKeysText(const nlohmann::json& variant) {
  std::vector<std::string> keys;
  for (const nlohmann::json& key : Array(variant, {"differs_from_full"})) {
    if (key.is_string()) keys.push_back(key.get<std::string>());
  }
  if (Find(variant, {"differs_from_full"}) == nullptr) return "-";
  return keys.empty() ? "none" : absl::StrJoin(keys, ", ");
}

// What the variant table shows per variant: label, overrides, keys changed, exercised, digest.
std::vector<std::string> VariantRow(const nlohmann::json& variant, bool is_full) {
  return {Text(variant, {"label"}), OverridesText(variant), ChangedKeysText(variant),
          ExercisedText(variant, is_full), DigestText(variant)};
}

constexpr const char* kVariantColumns[] = {"variant", "overrides", "scenario keys changed",
                                           "exercised", "digest"};

std::string Title(const nlohmann::json& ablation) {
  const nlohmann::json& seeds = Array(ablation, {"seeds"});
  if (!seeds.empty()) {
    return fmt::format("dynamo-sim ablation: {} (seeds {}..{})", Text(ablation, {"scenario"}),
                       Show(&seeds.front()), Show(&seeds.back()));
  }
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
      const std::vector<nlohmann::json> runs = VariantRuns(variant);
      double sum = 0;
      for (const nlohmann::json& run : runs) {
        sum += Number(run, {"metrics", "by_mechanism", name, "bytes"});
      }
      group.values.push_back(sum / static_cast<double>(runs.size()));  // mean over the seeds
    }
    chart.groups.push_back(std::move(group));
  }
  return svg::RenderBarChart(chart, 1100, 360);
}

}  // namespace

std::string RenderAblationMarkdown(const nlohmann::json& ablation) {
  std::string out = "# " + Title(ablation) + "\n\n" + kIntro + " " + SeedsNote(ablation) + "\n\n|";
  for (const char* column : kVariantColumns) out += std::string(" ") + column + " |";
  out += "\n|---|---|---|---|---|\n";
  const nlohmann::json& variants = Array(ablation, {"variants"});
  for (size_t v = 0; v < variants.size(); ++v) {
    out += "|";
    for (const std::string& cell : VariantRow(variants[v], v == 0)) {
      out += " " + MarkdownCell(cell) + " |";
    }
    out += "\n";
  }
  for (const AblationTable& table : AblationTables(ablation)) AppendMarkdownTable(&out, table);
  return out;
}

std::string RenderAblationHtml(const nlohmann::json& ablation) {
  const std::string title = Title(ablation);
  std::string out = HtmlHead(title);
  auto it = std::back_inserter(out);
  fmt::format_to(it, "<body>\n<h1>{}</h1>\n<p>{} {}</p>\n", svg::Escape(title),
                 svg::Escape(absl::StrReplaceAll(kIntro, {{"`", ""}})),
                 svg::Escape(SeedsNote(ablation)));
  out += "<table>\n<tr>";
  for (const char* column : kVariantColumns) out += std::string("<th>") + column + "</th>";
  out += "<th>report</th></tr>\n";
  const nlohmann::json& variants = Array(ablation, {"variants"});
  for (size_t v = 0; v < variants.size(); ++v) {
    out += "<tr>";
    for (const std::string& cell : VariantRow(variants[v], v == 0)) {
      out += "<td>" + svg::Escape(absl::StrReplaceAll(cell, {{"`", ""}})) + "</td>";
    }
    out += "<td>";
    for (const nlohmann::json& run : VariantRuns(variants[v])) {
      std::string report = Text(run, {"report"}, Text(variants[v], {"id"}) + "/report.json");
      if (report.size() >= 5 && report.ends_with(".json")) report.replace(report.size() - 4, 4, "html");
      fmt::format_to(it, "<a href=\"{0}\">{0}</a> ", svg::Escape(report));
    }
    out += "</td></tr>\n";
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
