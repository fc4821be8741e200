#include "sim/report/report_compare.h"

#include <iterator>
#include <string_view>

#include <algorithm>
#include <cmath>

#include "absl/container/btree_set.h"
#include "absl/strings/str_join.h"
#include "fmt/format.h"
#include "sim/report/json_view.h"
#include "sim/report/report_html.h"
#include "sim/report/report_markdown.h"
#include "sim/report/scenario_keys.h"
#include "sim/report/seed_interval.h"
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

bool AnyReportHas(const std::vector<ReportGroup>& groups, const std::vector<std::string>& path) {
  for (const ReportGroup& group : groups) {
    for (const nlohmann::json& report : group) {
      if (FindPath(report, path) != nullptr) return true;
    }
  }
  return false;
}

std::vector<Metric> Metrics(const std::vector<ReportGroup>& groups) {
  std::vector<Metric> metrics = {
      {"passed", {"passed"}, Better::kHigher},
      {"seed", {"seed"}, Better::kNeither, false},
      {"digest", {"digest"}, Better::kNeither, false},
      {"tool version", {"tool", "version"}, Better::kNeither, false},
      {"tool commit", {"tool", "commit"}, Better::kNeither, false},
  };
  for (const char* op : {"get", "put"}) {
    metrics.push_back({fmt::format("{} attempted", op), {"ops", op, "attempted"}, Better::kNeither});
    metrics.push_back({fmt::format("{} availability", op), {"ops", op, "availability"}, Better::kHigher});
    for (const char* p : {"mean", "p50", "p99", "p999", "max"}) {
      metrics.push_back({fmt::format("{} {} (ms)", op, p), {"ops", op, "latency_ms", p}, Better::kLower});
    }
  }
  // Cart adds (absent in register runs: the row shows no value there).
  metrics.push_back({"add attempted", {"ops", "add", "attempted"}, Better::kNeither});
  metrics.push_back({"add availability", {"ops", "add", "availability"}, Better::kHigher});
  metrics.push_back({"longest outage (s)", {"outages", "longest_outage_s"}, Better::kLower});
  metrics.push_back({"longest client outage (s)", {"outages", "worst_client_longest_outage_s"},
                     Better::kLower});
  metrics.push_back({"unavailable in faults (s)", {"outages", "unavailable_in_faults_s"},
                     Better::kLower});
  metrics.push_back({"max recovery (s)", {"outages", "max_recovery_s"}, Better::kLower});
  metrics.push_back({"all recovered", {"outages", "all_recovered"}, Better::kHigher});
  for (const char* key : {"lost_writes", "stale_reads", "stale_read_fraction", "max_siblings",
                          "convergence_time_s"}) {
    metrics.push_back({key, {"consistency", key}, Better::kLower});
  }
  // Cart removes that came back: a row only when some run made removes (report.json has the
  // figure only then), so comparisons of runs without removes read as before.
  if (AnyReportHas(groups, {"consistency", "resurrected_items"})) {
    metrics.push_back({"resurrected_items", {"consistency", "resurrected_items"}, Better::kLower});
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
  for (const ReportGroup& group : groups) {
    for (const nlohmann::json& report : group) {
      for (const nlohmann::json& check : Array(report, {"checks"})) {
        checks.insert(Text(check, {"name"}));
      }
    }
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

// One column's value of one metric: its text and, when it is a number, its interval.
struct Cell {
  std::string text;
  bool numeric = false;
  bool plain_number = false;  // a number, not a boolean (differences are shown as deltas)
  SeedInterval interval;
};

std::string NumberText(double x) {
  const nlohmann::json value(x);
  return Show(&value);
}

// "mean ± half-width" with three significant digits of the half-width, and the mean to the same
// decimals (at most 6): digits beyond the spread are noise ("0.95 ± 0.124", "45242933 ± 1358714").
std::string IntervalText(const SeedInterval& interval) {
  if (interval.half_width <= 0) return NumberText(interval.mean) + " ± 0";
  const int decimals =
      std::clamp(2 - static_cast<int>(std::floor(std::log10(interval.half_width))), 0, 6);
  auto fixed = [decimals](double x) {
    std::string text = fmt::format("{:.{}f}", x, decimals);
    if (text.find('.') != std::string::npos) {
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
  };
  return fixed(interval.mean) + " ± " + fixed(interval.half_width);
}

Cell ColumnCell(const Metric& metric, const ReportGroup& group) {
  Cell cell;
  if (group.size() == 1) {
    const nlohmann::json* value = Lookup(group.front(), metric);
    cell.text = ValueText(metric, value);
    double x = 0;
    cell.numeric = AsNumber(value, &x);
    cell.plain_number = value != nullptr && value->is_number();
    if (cell.numeric) cell.interval = MeanInterval({x});
    return cell;
  }
  std::vector<double> numbers;
  absl::btree_set<std::string> texts;
  bool all_numeric = true;
  bool plain = true;
  for (const nlohmann::json& report : group) {
    const nlohmann::json* value = Lookup(report, metric);
    texts.insert(ValueText(metric, value));
    double x = 0;
    if (AsNumber(value, &x)) {
      numbers.push_back(x);
      plain = plain && value->is_number();
    } else if (value != nullptr && !value->is_null()) {
      all_numeric = false;
    }
  }
  if (metric.average && all_numeric && !numbers.empty()) {
    cell.numeric = true;
    cell.plain_number = plain;
    cell.interval = MeanInterval(numbers);
    cell.text = IntervalText(cell.interval);
    if (numbers.size() < group.size()) {
      cell.text += fmt::format(" ({} of {} seeds)", numbers.size(), group.size());
    }
    return cell;
  }
  // Identifiers (seed, digest) and values that are not numbers: listed, not averaged.
  constexpr size_t kListed = 5;
  if (texts.size() == 1) {
    cell.text = *texts.begin();
  } else if (texts.size() <= kListed) {
    cell.text = absl::StrJoin(texts, ", ");
  } else {
    cell.text = fmt::format("{} distinct values", texts.size());
  }
  return cell;
}

std::vector<ReportGroup> OneRunEach(const std::vector<nlohmann::json>& reports) {
  std::vector<ReportGroup> groups;
  for (const nlohmann::json& report : reports) groups.push_back({report});
  return groups;
}

size_t MaxRuns(const std::vector<ReportGroup>& groups) {
  size_t runs = 0;
  for (const ReportGroup& group : groups) runs = std::max(runs, group.size());
  return runs;
}

// The explanation above a comparison table: how values were aggregated and what is marked.
std::string Legend(const std::vector<ReportGroup>& groups, std::string_view differs,
                   std::string_view worse, std::string_view better) {
  if (MaxRuns(groups) == 1) {
    return fmt::format(
        "Baseline: the first column. One seed per column: a difference may be noise (compare "
        "directories of runs at several seeds to tell). {}: differs from the baseline; {} / {}: "
        "than the baseline.",
        differs, worse, better);
  }
  return fmt::format(
      "Baseline: the first column. Each value is the mean ± the half-width of its 95% interval "
      "(Student t over the column's seeds). {}: differs from the baseline; {} / {}: than the "
      "baseline, when the intervals do not overlap; (within noise): they overlap.",
      differs, worse, better);
}

std::string ColumnTitle(const std::string& name, const ReportGroup& group) {
  return group.size() == 1 ? name : fmt::format("{} ({} seeds)", name, group.size());
}

std::string Mark(const ComparisonRow& row, size_t i) {
  return row.worse[i] ? " (worse)" : row.better[i] ? " (better)" : row.within_noise[i] ? " (within noise)" : "";
}

// "Scenario keys that differ: ..." from each column's first report's resolved_scenario.
std::string DifferingKeysLine(const std::vector<ReportGroup>& groups) {
  std::vector<const nlohmann::json*> scenarios;
  for (const ReportGroup& group : groups) {
    const nlohmann::json* scenario = Find(group.front(), {"resolved_scenario"});
    if (scenario == nullptr) {
      return "Scenario keys that differ: unknown (a report.json has no resolved_scenario).";
    }
    scenarios.push_back(scenario);
  }
  return "Scenario keys that differ between the columns (values in column order): " +
         DifferingKeysText(DifferingScenarioKeys(scenarios)) + ".";
}

}  // namespace

std::vector<ComparisonRow> CompareReports(const std::vector<ReportGroup>& groups) {
  return CompareMetricGroups(Metrics(groups), groups);
}

std::vector<ComparisonRow> CompareMetrics(const std::vector<Metric>& metrics,
                                          const std::vector<nlohmann::json>& reports) {
  return CompareMetricGroups(metrics, OneRunEach(reports));
}

std::vector<ComparisonRow> CompareMetricGroups(const std::vector<Metric>& metrics,
                                               const std::vector<ReportGroup>& groups) {
  std::vector<ComparisonRow> rows;
  for (const Metric& metric : metrics) {
    ComparisonRow row;
    row.metric = metric.label;
    const Cell base = ColumnCell(metric, groups.front());
    for (const ReportGroup& group : groups) {
      const Cell cell = ColumnCell(metric, group);
      row.values.push_back(cell.text);
      const bool numbers = base.numeric && cell.numeric;
      const bool moved = numbers && cell.interval.mean != base.interval.mean;
      row.differs.push_back(numbers ? moved : cell.text != base.text);
      bool worse = false;
      bool better = false;
      bool noise = false;
      if (moved && metric.better != Better::kNeither) {
        if (Overlap(base.interval, cell.interval)) {
          noise = true;
        } else {
          const bool higher = cell.interval.mean > base.interval.mean;
          worse = (metric.better == Better::kHigher) != higher;
          better = !worse;
        }
      }
      row.worse.push_back(worse);
      row.better.push_back(better);
      row.within_noise.push_back(noise);
      row.delta.push_back(moved && base.plain_number && cell.plain_number
                              ? DeltaText(cell.interval.mean, base.interval.mean)
                              : "");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string RenderComparisonMarkdown(const std::vector<std::string>& names,
                                     const std::vector<ReportGroup>& groups) {
  std::string out = "# dynamo-sim comparison\n\n" +
                    Legend(groups, "**Bold**", "(worse)", "(better)") + "\n\n" +
                    MarkdownCell(DifferingKeysLine(groups)) + "\n\n| metric |";
  for (size_t i = 0; i < names.size(); ++i) {
    out += " " + MarkdownCell(ColumnTitle(names[i], groups[i])) + " |";
  }
  out += "\n|---|";
  for (size_t i = 0; i < names.size(); ++i) out += "---|";
  out += "\n";
  for (const ComparisonRow& row : CompareReports(groups)) {
    out += "| " + MarkdownCell(row.metric) + " |";
    for (size_t i = 0; i < row.values.size(); ++i) {
      const std::string cell = MarkdownCell(row.values[i]);
      out += (row.differs[i] ? " **" + cell + "**" : " " + cell) + Mark(row, i) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string RenderComparisonHtml(const std::vector<std::string>& names,
                                 const std::vector<ReportGroup>& groups) {
  std::string out = HtmlHead("dynamo-sim comparison");
  out += "<body>\n<h1>dynamo-sim comparison</h1>\n<p>" +
         svg::Escape(Legend(groups, "Highlighted", "red: worse", "green: better")) + "</p>\n<p>" +
         svg::Escape(DifferingKeysLine(groups)) + "</p>\n<table>\n<tr><th>metric</th>";
  for (size_t i = 0; i < names.size(); ++i) {
    out += fmt::format("<th>{}<br>{}</th>", svg::Escape(ColumnTitle(names[i], groups[i])),
                       svg::Escape(Text(groups[i].front(), {"scenario"})));
  }
  out += "</tr>\n";
  for (const ComparisonRow& row : CompareReports(groups)) {
    out += "<tr><td>" + svg::Escape(row.metric) + "</td>";
    for (size_t i = 0; i < row.values.size(); ++i) {
      std::string cls = row.differs[i] ? "diff" : "";
      if (row.worse[i]) cls += " worse";
      if (row.better[i]) cls += " better";
      out += fmt::format("<td{}>{}{}</td>", cls.empty() ? "" : " class=\"" + cls + "\"",
                         svg::Escape(row.values[i]), svg::Escape(Mark(row, i)));
    }
    out += "</tr>\n";
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace sim::report
