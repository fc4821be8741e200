#include "sim/report/report_markdown.h"

#include <iterator>

#include "fmt/format.h"
#include "sim/report/json_view.h"
#include "sim/report/report_tables.h"

namespace sim::report {

std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderMarkdown(const nlohmann::json& report) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# dynamo-sim report: {}\n\n", MarkdownCell(Text(report, {"scenario"})));
  fmt::format_to(it, "**{}** (seed {}, digest `{}`)\n", Verdict(report), Show(report, {"seed"}),
                 Show(report, {"digest"}));
  fmt::format_to(it, "\nProduced by {}.\n", MarkdownCell(ProvenanceText(report)));
  for (const Table& table : ReportTables(report)) {
    fmt::format_to(it, "\n## {}\n\n", table.title);
    if (!table.note.empty()) fmt::format_to(it, "{}\n\n", MarkdownCell(table.note));
    if (table.rows.empty()) {
      if (table.note.empty()) out += "(no data)\n";
      continue;
    }
    out += "|";
    for (const std::string& column : table.header) fmt::format_to(it, " {} |", MarkdownCell(column));
    out += "\n|";
    for (size_t i = 0; i < table.header.size(); ++i) out += "---|";
    out += "\n";
    for (const std::vector<std::string>& row : table.rows) {
      out += "|";
      for (const std::string& cell : row) {
        if (cell == "FAIL") {
          out += " **FAIL** |";
        } else {
          fmt::format_to(it, " {} |", MarkdownCell(cell));
        }
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace sim::report
