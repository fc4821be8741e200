#include "sim/report/report_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "sim/report/json_view.h"
#include "sim/report/mechanism_items.h"
#include "sim/report/svg.h"

namespace sim::report {
namespace {

std::vector<svg::Band> FaultBands(const nlohmann::json& r) {
  std::vector<svg::Band> bands;
  for (const nlohmann::json& fault : Array(r, {"faults"})) {
    bands.push_back(svg::Band{Number(fault, {"start_s"}), Number(fault, {"end_s"}),
                              Text(fault, {"type"})});
  }
  if (const nlohmann::json* quiesce = Find(r, {"quiesce_start_s"}); quiesce && quiesce->is_number()) {
    const double start = quiesce->get<double>();
    bands.push_back(svg::Band{start, start, "quiesce"});
  }
  return bands;
}

// One series per op type over the timeline: `field` of every bucket where `count_field` > 0
// (or every bucket when count_field is empty).
svg::Series TimelineSeries(const nlohmann::json& r, const std::string& name, size_t color,
                           const char* field, const char* count_field) {
  svg::Series series{name, svg::Color(color), {}, true};
  for (const nlohmann::json& bucket : Array(r, {"timeline"})) {
    if (count_field != nullptr && Number(bucket, {count_field}) <= 0) continue;
    series.points.push_back(
        svg::Point{Number(bucket, {"t_s"}) + Number(r, {"timeline_bucket_s"}) / 2,
                   Number(bucket, {field})});
  }
  return series;
}

svg::LineChart TimeChart(const nlohmann::json& r, std::string title, std::string y_title) {
  svg::LineChart chart;
  chart.title = std::move(title);
  chart.x.title = "virtual time (s); points at bucket centres; shaded: fault windows";
  chart.x.min = 0;
  chart.x.max = Number(r, {"sim_time_s"}, 1);
  chart.y.title = std::move(y_title);
  chart.bands = FaultBands(r);
  return chart;
}

}  // namespace

std::string AvailabilityChart(const nlohmann::json& r) {
  svg::LineChart chart = TimeChart(r, "Availability over time", "success fraction");
  chart.y.min = 0;
  chart.y.max = 1;
  chart.series = {TimelineSeries(r, "get", 0, "get_availability", "gets"),
                  TimelineSeries(r, "put", 1, "put_availability", "puts")};
  return svg::RenderLineChart(chart);
}

std::string ThroughputChart(const nlohmann::json& r) {
  svg::LineChart chart = TimeChart(r, "Throughput over time", "ops per bucket (by invocation)");
  chart.y.min = 0;
  svg::Series attempted{"attempted", svg::Color(0), {}, true};
  svg::Series succeeded{"succeeded", svg::Color(2), {}, true};
  const double half_bucket = Number(r, {"timeline_bucket_s"}) / 2;
  for (const nlohmann::json& bucket : Array(r, {"timeline"})) {
    const double t = Number(bucket, {"t_s"}) + half_bucket;
    attempted.points.push_back(svg::Point{t, Number(bucket, {"gets"}) + Number(bucket, {"puts"})});
    succeeded.points.push_back(
        svg::Point{t, Number(bucket, {"gets_succeeded"}) + Number(bucket, {"puts_succeeded"})});
  }
  chart.series = {std::move(attempted), std::move(succeeded)};
  return svg::RenderLineChart(chart);
}

std::string LatencyOverTimeChart(const nlohmann::json& r) {
  svg::LineChart chart = TimeChart(r, "p99 latency over time", "p99 latency (ms)");
  chart.series = {TimelineSeries(r, "get p99", 0, "get_p99_ms", "gets"),
                  TimelineSeries(r, "put p99", 1, "put_p99_ms", "puts")};
  return svg::RenderLineChart(chart);
}

std::string StaleOverTimeChart(const nlohmann::json& r) {
  svg::LineChart chart = TimeChart(r, "Stale reads over time", "stale fraction of successful gets");
  chart.y.min = 0;
  chart.series = {TimelineSeries(r, "stale fraction", 3, "stale_fraction", "gets")};
  return svg::RenderLineChart(chart);
}

std::string MessagesOverTimeChart(const nlohmann::json& r) {
  svg::LineChart chart = TimeChart(r, "Messages sent over time", "messages per bucket");
  chart.series = {TimelineSeries(r, "messages sent", 4, "messages", nullptr)};
  return svg::RenderLineChart(chart);
}

std::string LatencyCdfChart(const nlohmann::json& r) {
  svg::LineChart chart;
  chart.title = "Latency CDF (successful ops)";
  chart.x.title = "latency (ms, log scale)";
  chart.x.log = true;
  chart.y.title = "fraction of ops at or below";
  chart.y.min = 0;
  chart.y.max = 1;
  size_t color = 0;
  for (const char* op : {"get", "put"}) {
    svg::Series series{op, svg::Color(color++), {}, true};
    for (const nlohmann::json& point : Array(r, {"ops", op, "latency_cdf_ms"})) {
      series.points.push_back(svg::Point{Number(point, {"ms"}), Number(point, {"q"})});
    }
    chart.series.push_back(std::move(series));
  }
  return svg::RenderLineChart(chart);
}

std::string TVisibilityChart(const nlohmann::json& r) {
  svg::LineChart chart;
  chart.title = "t-visibility: P(get sees the latest acknowledged put)";
  chart.x.title = "t = get start - latest acknowledgement (ms, log scale; bucket centres)";
  chart.x.log = true;
  chart.y.title = "probability";
  chart.y.min = 0;
  chart.y.max = 1;
  svg::Series series{"probability in the bucket", svg::Color(2), {}, true};
  svg::Series cumulative{"cumulative, P(seen | t' < bucket end)", svg::Color(0), {}, true};
  for (const nlohmann::json& bucket : Array(r, {"consistency", "t_visibility"})) {
    const double lower = Number(bucket, {"t_ms"});
    const nlohmann::json* upper = Find(bucket, {"t_end_ms"});
    // The exact t = 0 point has no place on a log axis: it is in the table (and in every
    // cumulative point after it).
    if (upper != nullptr && upper->is_number() && upper->get<double>() == lower) continue;
    double x = lower * 2;  // the open last bucket
    if (upper != nullptr && upper->is_number()) {
      x = lower > 0 ? std::sqrt(lower * upper->get<double>()) : upper->get<double>() / 2;
    }
    series.points.push_back(svg::Point{x, Number(bucket, {"probability"})});
    cumulative.points.push_back(svg::Point{x, Number(bucket, {"cumulative_probability"})});
  }
  chart.series.push_back(std::move(series));
  chart.series.push_back(std::move(cumulative));
  return svg::RenderLineChart(chart);
}

std::string VersionsChart(const nlohmann::json& r) {
  svg::BarChart chart;
  chart.title = "Versions returned per successful get";
  chart.x_title = "versions returned";
  chart.y_title = "gets";
  chart.series_names = {"gets"};
  chart.series_colors = {svg::Color(0)};
  const nlohmann::json* histogram = Find(r, {"consistency", "siblings_histogram"});
  std::vector<std::pair<long long, double>> rows;
  if (histogram != nullptr && histogram->is_object()) {
    for (const auto& [versions, gets] : histogram->items()) {
      rows.emplace_back(std::atoll(versions.c_str()), gets.is_number() ? gets.get<double>() : 0);
    }
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& [versions, gets] : rows) {
    chart.groups.push_back(svg::BarGroup{std::to_string(versions), {gets}});
  }
  return svg::RenderBarChart(chart);
}

std::string NodeLoadChart(const nlohmann::json& r) {
  svg::BarChart chart;
  chart.title = "Per-node load";
  chart.x_title = "node";
  chart.y_title = "count over the run";
  static constexpr const char* kFields[] = {"client_requests", "gets_coordinated",
                                            "puts_coordinated", "hints_stored", "keys_repaired"};
  for (size_t i = 0; i < std::size(kFields); ++i) {
    chart.series_names.push_back(kFields[i]);
    chart.series_colors.push_back(svg::Color(i));
  }
  for (const nlohmann::json& node : Array(r, {"node_load"})) {
    svg::BarGroup group{Text(node, {"node"}), {}};
    for (const char* field : kFields) group.values.push_back(Number(node, {field}));
    chart.groups.push_back(std::move(group));
  }
  return svg::RenderBarChart(chart);
}

std::string MechanismBytesChart(const nlohmann::json& r) {
  svg::BarChart chart;
  chart.title = "Bytes sent by mechanism (modelled, docs/size-model.md)";
  chart.x_title = "mechanism";
  chart.y_title = "bytes over the run";
  chart.series_names = {"bytes"};
  chart.series_colors = {svg::Color(0)};
  const nlohmann::json* mechanisms = Find(r, {"messages", "by_mechanism"});
  if (mechanisms == nullptr) return svg::RenderBarChart(chart);
  for (const auto& [name, traffic] : MechanismItems(*mechanisms)) {
    chart.groups.push_back(svg::BarGroup{name, {Number(*traffic, {"bytes"})}});
  }
  return svg::RenderBarChart(chart);
}

}  // namespace sim::report
