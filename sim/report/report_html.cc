#include "sim/report/report_html.h"

#include <iterator>

#include "fmt/format.h"
#include "sim/report/json_view.h"
#include "sim/report/report_charts.h"
#include "sim/report/report_tables.h"
#include "sim/report/svg.h"

namespace sim::report {

std::string HtmlHead(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{}</title>\n<style>\n"
      "body {{ font-family: sans-serif; margin: 24px; color: #222; max-width: 1200px; }}\n"
      "table {{ border-collapse: collapse; margin: 8px 0 16px; }}\n"
      "th, td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; "
      "vertical-align: top; }}\n"
      "th {{ background: #f0f0f0; }}\n"
      ".pass {{ background: #dff0d8; font-weight: bold; }}\n"
      ".fail {{ background: #f2dede; font-weight: bold; color: #a01010; }}\n"
      ".diff {{ font-weight: bold; background: #fff3cd; }}\n"
      ".worse {{ color: #a01010; }}\n"
      ".better {{ color: #1a7a1a; }}\n"
      ".charts svg {{ display: block; margin: 12px 0; border: 1px solid #eee; }}\n"
      "</style>\n</head>\n",
      svg::Escape(title));
}

std::string HtmlTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n<tr>";
  for (const std::string& column : header) out += "<th>" + svg::Escape(column) + "</th>";
  out += "</tr>\n";
  for (const std::vector<std::string>& row : rows) {
    out += "<tr>";
    for (const std::string& cell : row) {
      const char* cls = cell == "PASS" ? " class=\"pass\"" : cell == "FAIL" ? " class=\"fail\"" : "";
      out += fmt::format("<td{}>{}</td>", cls, svg::Escape(cell));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

namespace {

void AppendTable(std::string* out, const Table& table) {
  fmt::format_to(std::back_inserter(*out), "<h2 id=\"{}\">{}</h2>\n", svg::Escape(table.id),
                 svg::Escape(table.title));
  if (!table.note.empty()) *out += "<p>" + svg::Escape(table.note) + "</p>\n";
  if (!table.rows.empty()) *out += HtmlTable(table.header, table.rows);
}

}  // namespace

std::string RenderHtml(const nlohmann::json& report) {
  const std::string scenario = Text(report, {"scenario"});
  std::string out = HtmlHead("dynamo-sim report: " + scenario);
  const std::string verdict = Verdict(report);
  fmt::format_to(std::back_inserter(out),
                 "<body>\n<h1>dynamo-sim report: {}</h1>\n<p class=\"{}\">{} &#8212; seed {}, "
                 "digest {}</p>\n",
                 svg::Escape(scenario), verdict == "PASSED" ? "pass" : "fail", verdict,
                 svg::Escape(Show(report, {"seed"})), svg::Escape(Show(report, {"digest"})));
  out += "<p class=\"provenance\">Produced by " + svg::Escape(ProvenanceText(report)) + ".</p>\n";
  const std::vector<Table> tables = ReportTables(report);
  for (const Table& table : tables) {
    if (table.id == "run" || table.id == "checks" || table.id == "ops") AppendTable(&out, table);
  }
  out += "<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n";
  out += AvailabilityChart(report);
  out += ThroughputChart(report);
  out += LatencyOverTimeChart(report);
  out += StaleOverTimeChart(report);
  out += MessagesOverTimeChart(report);
  out += MechanismBytesChart(report);
  out += LatencyCdfChart(report);
  out += TVisibilityChart(report);
  out += VersionsChart(report);
  out += NodeLoadChart(report);
  out += "</div>\n";
  for (const Table& table : tables) {
    if (table.id != "run" && table.id != "checks" && table.id != "ops") AppendTable(&out, table);
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sim::report
