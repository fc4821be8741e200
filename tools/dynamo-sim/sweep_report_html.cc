#include "tools/dynamo-sim/sweep_report_html.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "absl/container/btree_map.h"
#include "sim/engine/check.h"
#include "sim/report/report_html.h"
#include "sim/report/svg.h"

namespace sim::cli {
namespace {

constexpr int kBins = 10;

using Metric = std::function<double(const SweepLine&)>;

struct MetricRow {
  std::string name;
  Metric value;
  int decimals;
};

// The rows of `lines`: resurrected items (cart removes) only when some seed made removes, so the
// report of a sweep without removes is as before (a seed without removes counts 0).
std::vector<MetricRow> MetricRows(const std::vector<SweepLine>& lines) {
  std::vector<MetricRow> rows = {
      {"get availability", [](const SweepLine& l) { return l.get_availability; }, 4},
      {"put availability", [](const SweepLine& l) { return l.put_availability; }, 4},
      {"stale read fraction", [](const SweepLine& l) { return l.stale_read_fraction; }, 4},
      {"lost writes", [](const SweepLine& l) { return static_cast<double>(l.lost_writes); }, 0},
  };
  if (std::any_of(lines.begin(), lines.end(),
                  [](const SweepLine& l) { return l.resurrected_items.has_value(); })) {
    rows.push_back({"resurrected items",
                    [](const SweepLine& l) {
                      return static_cast<double>(l.resurrected_items.value_or(0));
                    },
                    0});
  }
  rows.push_back({"get p99 (ms)", [](const SweepLine& l) { return l.get_p99_ms; }, 2});
  rows.push_back({"put p99 (ms)", [](const SweepLine& l) { return l.put_p99_ms; }, 2});
  return rows;
}

std::string Fixed(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

// Mean, and min and max with the first seed reaching each.
std::vector<std::string> MetricCells(const std::vector<SweepLine>& lines, const MetricRow& row) {
  double sum = 0;
  size_t min_at = 0;
  size_t max_at = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const double value = row.value(lines[i]);
    sum += value;
    if (value < row.value(lines[min_at])) min_at = i;
    if (value > row.value(lines[max_at])) max_at = i;
  }
  const double mean = sum / static_cast<double>(lines.size());
  return {row.name, Fixed(mean, row.decimals + (row.decimals == 0 ? 2 : 0)),
          fmt::format("{} (seed {})", Fixed(row.value(lines[min_at]), row.decimals),
                      lines[min_at].seed),
          fmt::format("{} (seed {})", Fixed(row.value(lines[max_at]), row.decimals),
                      lines[max_at].seed)};
}

// A histogram of `metric` over the seeds: one bar per distinct value when there are at most
// kBins of them (lost writes, or every seed alike), else kBins equal ranges from min to max.
std::string Histogram(const std::vector<SweepLine>& lines, const MetricRow& row) {
  absl::btree_map<double, int> distinct;
  for (const SweepLine& line : lines) ++distinct[row.value(line)];
  svg::BarChart chart;
  chart.title = "Distribution over seeds: " + row.name;
  chart.x_title = row.name;
  chart.y_title = "seeds";
  chart.series_names = {"seeds"};
  chart.series_colors = {svg::Color(0)};
  if (distinct.size() <= static_cast<size_t>(kBins)) {
    for (const auto& [value, count] : distinct) {
      chart.groups.push_back({Fixed(value, row.decimals), {static_cast<double>(count)}});
    }
  } else {
    const double low = distinct.begin()->first;
    const double high = distinct.rbegin()->first;
    const double width = (high - low) / kBins;
    std::vector<int> counts(kBins, 0);
    for (const auto& [value, count] : distinct) {
      const int bin = std::min(kBins - 1, static_cast<int>(std::floor((value - low) / width)));
      counts[static_cast<size_t>(bin)] += count;
    }
    const int decimals = row.decimals + 1;
    for (int bin = 0; bin < kBins; ++bin) {
      chart.groups.push_back({fmt::format("{}-{}", Fixed(low + bin * width, decimals),
                                          Fixed(low + (bin + 1) * width, decimals)),
                              {static_cast<double>(counts[static_cast<size_t>(bin)])}});
    }
  }
  return svg::RenderBarChart(chart, 440, 280);
}

std::string ChecksTable(const std::vector<SweepLine>& lines) {
  struct Tally {
    int failed = 0;
    int passed = 0;
    std::string first_failing;
  };
  std::vector<std::string> order;
  absl::btree_map<std::string, Tally> tallies;
  for (const SweepLine& line : lines) {
    for (const CheckResult& check : line.checks) {
      if (!tallies.contains(check.name)) order.push_back(check.name);
      Tally& tally = tallies[check.name];
      if (check.passed) {
        ++tally.passed;
      } else {
        if (tally.failed++ == 0) tally.first_failing = std::to_string(line.seed);
      }
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : order) {
    const Tally& tally = tallies[name];
    rows.push_back({name, tally.failed == 0 ? "PASS" : "FAIL", std::to_string(tally.passed),
                    std::to_string(tally.failed), tally.first_failing});
  }
  return report::HtmlTable({"check", "every seed", "seeds passed", "seeds failed",
                            "first failing seed"},
                           rows);
}

std::string FailingSeedsTable(const std::vector<SweepLine>& lines) {
  std::vector<std::vector<std::string>> rows;
  for (const SweepLine& line : lines) {
    if (line.passed) continue;
    std::string detail;
    for (const CheckResult& check : line.checks) {
      if (!check.passed) {
        detail = check.name + ": " + check.detail;
        break;
      }
    }
    std::string failed;
    for (const std::string& name : line.FailedChecks()) failed += (failed.empty() ? "" : ", ") + name;
    rows.push_back({std::to_string(line.seed), failed, detail, line.reproduce});
  }
  return report::HtmlTable({"seed", "failed checks", "first failure", "reproduce"}, rows);
}

}  // namespace

std::string RenderSweepReportHtml(const std::vector<SweepLine>& lines, const std::string& source) {
  SIM_CHECK(!lines.empty(), "a sweep report needs at least one line");
  const size_t failed = static_cast<size_t>(
      std::count_if(lines.begin(), lines.end(), [](const SweepLine& l) { return !l.passed; }));
  const std::string scenario = lines.front().scenario;
  std::string out = report::HtmlHead("dynamo-sim sweep: " + scenario);
  out += fmt::format(
      "<body>\n<h1>dynamo-sim sweep: {}</h1>\n<p class=\"{}\">{} seeds ({}..{}): {} passed, {} "
      "failed</p>\n<p class=\"provenance\">From {}.</p>\n",
      svg::Escape(scenario), failed == 0 ? "pass" : "fail", lines.size(), lines.front().seed,
      lines.back().seed, lines.size() - failed, failed, svg::Escape(source));
  out += "<h2>Across seeds</h2>\n";
  const std::vector<MetricRow> rows = MetricRows(lines);
  std::vector<std::vector<std::string>> metric_rows;
  for (const MetricRow& row : rows) metric_rows.push_back(MetricCells(lines, row));
  out += report::HtmlTable({"metric", "mean", "min", "max"}, metric_rows);
  const size_t converged = static_cast<size_t>(
      std::count_if(lines.begin(), lines.end(), [](const SweepLine& l) { return l.converged; }));
  out += fmt::format("<p>Converged after quiesce: {} of {} seeds.</p>\n", converged, lines.size());
  out += "<h2>Checks</h2>\n" + ChecksTable(lines);
  out += "<h2>Distributions</h2>\n<div class=\"charts\">\n";
  for (const MetricRow& row : rows) {
    if (row.name.find("p99") != std::string::npos) continue;
    out += Histogram(lines, row) + "\n";
  }
  out += "</div>\n";
  out += fmt::format("<h2>Failing seeds ({})</h2>\n", failed);
  out += failed == 0 ? std::string("<p>None.</p>\n") : FailingSeedsTable(lines);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sim::cli
