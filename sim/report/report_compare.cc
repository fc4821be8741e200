#include "sim/report/report_compare.h"

#include <iterator>
#include <string_view>

#include "absl/container/btree_set.h"
#include "fmt/format.h"
#include "sim/report/json_view.h"
#include "sim/report/report_html.h"
#include "sim/report/report_markdown.h"
#include "sim/report/svg.h"

namespace sim::report {
namespace {

const nlohmann::json* FindPath(const nlohmann::json& root, const std::vector<std::string>& path) {
  const nlohmann::json* at = &root;
  for (const std::string& key : path) {
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
  }
  return at;
}

// A number for ordering: booleans count as 0/1 (true = passed/converged = higher).
bool AsNumber(const nlohmann::json* value, double* out) {
  if (value == nullptr) return false;
  if (value->is_boolean()) {
    *out = value->get<bool>() ? 1 : 0;
    return true;
  }
  if (!value->is_number()) return false;
  *out = value->get<double>();
  return true;
}

std::vector<Metric> Metrics(const std::vector<nlohmann::json>& reports) {
  std::vector<Metric> metrics = {
      {"passed", {"passed"}, Better::kHigher},
      {"seed", {"seed"}, Better::kNeither},
      {"digest", {"digest"}, Better::kNeither},
      {"tool version", {"tool", "version"}, Better::kNeither},
      {"tool commit", {"tool", "commit"}, Better::kNeither},
  };
  for (const char* op : {"get", "put"}) {
    metrics.push_back({fmt::format("{} attempted", op), {"ops", op, "attempted"}, Better::kNeither});
    metrics.push_back({fmt::format("{} availability", op), {"ops", op, "availability"}, Better::kHigher});
    for (const char* p : {"mean", "p50", "p99", "p999", "max"}) {
      metrics.push_back({fmt::format("{} {} (ms)", op, p), {"ops", op, "latency_ms", p}, Better::kLower});
    }
  }
  for (const char* key : {"lost_writes", "stale_reads", "stale_read_fraction", "max_siblings",
                          "convergence_time_s"}) {
    metrics.push_back({key, {"consistency", key}, Better::kLower});
  }
  metrics.push_back({"converged", {"consistency", "converged"}, Better::kHigher});
  metrics.push_back({"messages sent", {"messages", "sent"}, Better::kLower});
  metrics.push_back({"messages dropped", {"messages", "dropped"}, Better::kLower});
  for (const char* key : {"hints_stored", "hints_delivered", "read_repairs", "merkle_exchanges",
                          "keys_repaired"}) {
    metrics.push_back({fmt::format("repair {}", key), {"repair", key}, Better::kNeither});
  }
  // One row per check any report ran, by name.
  absl::btree_set<std::string> checks;
  for (const nlohmann::json& report : reports) {
    for (const nlohmann::json& check : Array(report, {"checks"})) checks.insert(Text(check, {"name"}));
  }
  for (const std::string& name : checks) {
    metrics.push_back({"check " + name, {"#check", name}, Better::kHigher});
  }
  return metrics;
}

const nlohmann::json* Lookup(const nlohmann::json& report, const Metric& metric) {
  if (metric.path.front() != "#check") return FindPath(report, metric.path);
  for (const nlohmann::json& check : Array(report, {"checks"})) {
    if (Text(check, {"name"}) == metric.path[1]) return Find(check, {"passed"});
  }
  return nullptr;
}

std::string ValueText(const Metric& metric, const nlohmann::json* value) {
  if (metric.path.front() == "#check" && value != nullptr && value->is_boolean()) {
    return value->get<bool>() ? "PASS" : "FAIL";
  }
  return Show(value);
}

// value - base as text with up to 6 decimals and a sign ("+0.25", "-12").
std::string DeltaText(double value, double base) {
  std::string text = fmt::format("{:+.6f}", value - base);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "+" || text == "-" ? "0" : text;
}

bool IsPlainNumber(const nlohmann::json* value) { return value != nullptr && value->is_number(); }

}  // namespace

std::vector<ComparisonRow> CompareReports(const std::vector<nlohmann::json>& reports) {
  return CompareMetrics(Metrics(reports), reports);
}

std::vector<ComparisonRow> CompareMetrics(const std::vector<Metric>& metrics,
                                          const std::vector<nlohmann::json>& reports) {
  std::vector<ComparisonRow> rows;
  for (const Metric& metric : metrics) {
    ComparisonRow row;
    row.metric = metric.label;
    const nlohmann::json* baseline = Lookup(reports.front(), metric);
    double base = 0;
    const bool base_number = AsNumber(baseline, &base);
    for (const nlohmann::json& report : reports) {
      const nlohmann::json* value = Lookup(report, metric);
      row.values.push_back(ValueText(metric, value));
      const bool differs = row.values.back() != row.values.front();
      row.differs.push_back(differs);
      double number = 0;
      bool worse = false;
      bool better = false;
      if (differs && base_number && AsNumber(value, &number) && number != base) {
        const bool higher = number > base;
        worse = (metric.better == Better::kHigher && !higher) ||
                (metric.better == Better::kLower && higher);
        better = metric.better != Better::kNeither && !worse;
      }
      row.worse.push_back(worse);
      row.better.push_back(better);
      const bool numeric = IsPlainNumber(baseline) && IsPlainNumber(value) && number != base;
      row.delta.push_back(differs && numeric ? DeltaText(number, base) : "");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string RenderComparisonMarkdown(const std::vector<std::string>& names,
                                     const std::vector<nlohmann::json>& reports) {
  std::string out = "# dynamo-sim comparison\n\nBaseline: the first column. **Bold**: differs "
                    "from the baseline; (worse) / (better): than the baseline.\n\n| metric |";
  for (const std::string& name : names) out += " " + MarkdownCell(name) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < names.size(); ++i) out += "---|";
  out += "\n";
  for (const ComparisonRow& row : CompareReports(reports)) {
    out += "| " + MarkdownCell(row.metric) + " |";
    for (size_t i = 0; i < row.values.size(); ++i) {
      const std::string cell = MarkdownCell(row.values[i]);
      out += row.differs[i] ? " **" + cell + "**" : " " + cell;
      out += row.worse[i] ? " (worse) |" : row.better[i] ? " (better) |" : " |";
    }
    out += "\n";
  }
  return out;
}

std::string RenderComparisonHtml(const std::vector<std::string>& names,
                                 const std::vector<nlohmann::json>& reports) {
  std::string out = HtmlHead("dynamo-sim comparison");
  out += "<body>\n<h1>dynamo-sim comparison</h1>\n<p>Baseline: the first column. Highlighted: "
         "differs from the baseline; red: worse than the baseline; green: better.</p>\n<table>\n<tr><th>metric</th>";
  for (size_t i = 0; i < names.size(); ++i) {
    out += fmt::format("<th>{}<br>{}</th>", svg::Escape(names[i]),
                       svg::Escape(Text(reports[i], {"scenario"})));
  }
  out += "</tr>\n";
  for (const ComparisonRow& row : CompareReports(reports)) {
    out += "<tr><td>" + svg::Escape(row.metric) + "</td>";
    for (size_t i = 0; i < row.values.size(); ++i) {
      std::string cls = row.differs[i] ? "diff" : "";
      if (row.worse[i]) cls += " worse";
      if (row.better[i]) cls += " better";
      out += fmt::format("<td{}>{}{}</td>", cls.empty() ? "" : " class=\"" + cls + "\"",
                         svg::Escape(row.values[i]),
                         row.worse[i] ? " (worse)" : row.better[i] ? " (better)" : "");
    }
    out += "</tr>\n";
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace sim::report
