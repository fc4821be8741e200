#include "sim/report/ablation_report.h"

#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/check.h"
#include "sim/report/json_view.h"
#include "sim/report/mechanism_items.h"
#include "sim/report/report_compare.h"
#include "sim/report/scenario_keys.h"

namespace sim::report {
namespace {

nlohmann::json ValueAt(const nlohmann::json& report, std::initializer_list<std::string_view> path) {
  const nlohmann::json* value = Find(report, path);
  return value == nullptr ? nlohmann::json() : *value;
}

nlohmann::json Metrics(const nlohmann::json& report) {
  uint64_t checks_passed = 0;
  for (const nlohmann::json& check : Array(report, {"checks"})) {
    const nlohmann::json* passed = Find(check, {"passed"});
    if (passed != nullptr && passed->is_boolean() && passed->get<bool>()) ++checks_passed;
  }
  uint64_t bytes = 0;
  const nlohmann::json* kinds = Find(report, {"messages", "by_kind"});
  if (kinds != nullptr && kinds->is_object()) {
    for (const auto& [kind, traffic] : kinds->items()) {
      bytes += static_cast<uint64_t>(Number(traffic, {"bytes"}));
    }
  }
  const nlohmann::json* by_mechanism = Find(report, {"messages", "by_mechanism"});
  nlohmann::json metrics = {{"get_availability", ValueAt(report, {"ops", "get", "availability"})},
          {"put_availability", ValueAt(report, {"ops", "put", "availability"})},
          {"stale_read_fraction", ValueAt(report, {"consistency", "stale_read_fraction"})},
          {"lost_writes", ValueAt(report, {"consistency", "lost_writes"})},
          {"converged", ValueAt(report, {"consistency", "converged"})},
          {"convergence_time_s", ValueAt(report, {"consistency", "convergence_time_s"})},
          {"checks_passed", checks_passed},
          {"checks", Array(report, {"checks"}).size()},
          {"passed", ValueAt(report, {"passed"})},
          {"messages", ValueAt(report, {"messages", "sent"})},
          {"bytes", bytes},
          {"by_mechanism", by_mechanism != nullptr && by_mechanism->is_object()
                               ? *by_mechanism
                               : nlohmann::json::object()}};
  // Cart removes that came back: only a run with removes has the figure (so the metrics of runs
  // without removes are as before).
  if (const nlohmann::json* resurrected = Find(report, {"consistency", "resurrected_items"})) {
    metrics["resurrected_items"] = *resurrected;
  }
  return metrics;
}

// Whether some run of some variant has `metric` (a key of Metrics()).
bool AnyRunHas(const nlohmann::json& ablation, std::string_view metric) {
  for (const nlohmann::json& variant : Array(ablation, {"variants"})) {
    for (const nlohmann::json& run : VariantRuns(variant)) {
      if (Find(run, {"metrics", metric}) != nullptr) return true;
    }
  }
  return false;
}

AblationTable MakeTable(const nlohmann::json& ablation, std::string id, std::string title,
                        std::string note, const std::vector<Metric>& metrics) {
  AblationTable table{std::move(id), std::move(title), std::move(note), {}, {}, {}};
  const nlohmann::json& variants = Array(ablation, {"variants"});
  for (const Metric& metric : metrics) table.columns.push_back(metric.label);
  std::vector<ReportGroup> groups;
  for (const nlohmann::json& variant : variants) {
    std::string label = Text(variant, {"label"}, Text(variant, {"id"}));
    const nlohmann::json* idle = Find(variant, {"not_exercised"});
    if (idle != nullptr && idle->is_boolean() && idle->get<bool>() && !groups.empty()) {
      label += " (not exercised by this scenario)";
    }
    table.variants.push_back(std::move(label));
    groups.push_back(VariantRuns(variant));
  }
  table.cells.assign(variants.size(), std::vector<AblationCell>(metrics.size()));
  if (variants.empty()) return table;
  const std::vector<ComparisonRow> compared = CompareMetricGroups(metrics, groups);
  for (size_t m = 0; m < compared.size(); ++m) {
    for (size_t v = 0; v < groups.size(); ++v) {
      table.cells[v][m] = AblationCell{compared[m].values[v], compared[m].delta[v],
                                       compared[m].differs[v], compared[m].worse[v],
                                       compared[m].better[v], compared[m].within_noise[v]};
    }
  }
  return table;
}

std::vector<Metric> OutcomeMetrics(const nlohmann::json& ablation) {
  const nlohmann::json& variants = Array(ablation, {"variants"});
  const std::string checks =
      variants.empty() ? "-" : Show(VariantRuns(variants.front()).front(), {"metrics", "checks"});
  std::vector<Metric> metrics = {
      {"get availability", {"metrics", "get_availability"}, Better::kHigher},
      {"put availability", {"metrics", "put_availability"}, Better::kHigher},
      {"stale read fraction", {"metrics", "stale_read_fraction"}, Better::kLower},
      {"lost writes", {"metrics", "lost_writes"}, Better::kLower}};
  if (AnyRunHas(ablation, "resurrected_items")) {  // a column only for runs with cart removes
    metrics.push_back({"resurrected items", {"metrics", "resurrected_items"}, Better::kLower});
  }
  for (Metric metric : std::vector<Metric>{
           {"converged", {"metrics", "converged"}, Better::kHigher},
           {"convergence time (s)", {"metrics", "convergence_time_s"}, Better::kLower},
           {"checks passed (of " + checks + ")", {"metrics", "checks_passed"}, Better::kHigher},
           {"messages", {"metrics", "messages"}, Better::kLower},
           {"bytes", {"metrics", "bytes"}, Better::kLower}}) {
    metrics.push_back(std::move(metric));
  }
  return metrics;
}

std::vector<Metric> MechanismMetrics(const char* field) {
  std::vector<Metric> metrics;
  for (const std::string& name : MechanismNames()) {
    metrics.push_back({name, {"metrics", "by_mechanism", name, field}, Better::kLower});
  }
  return metrics;
}

}  // namespace

std::string AblationRunDir(const std::string& id, uint64_t seed) {
  return id + "/seed-" + std::to_string(seed);
}

std::vector<nlohmann::json> VariantRuns(const nlohmann::json& variant) {
  const nlohmann::json& runs = Array(variant, {"runs"});
  if (runs.empty()) return {variant};
  return std::vector<nlohmann::json>(runs.begin(), runs.end());
}

nlohmann::json AblationJson(const std::string& scenario, const std::vector<uint64_t>& seeds,
                            const std::vector<AblationEntry>& entries) {
  SIM_CHECK(!entries.empty(), "AblationJson: no variants");
  SIM_CHECK(!seeds.empty(), "AblationJson: no seeds");
  const AblationEntry& full = entries.front();
  nlohmann::json variants = nlohmann::json::array();
  for (const AblationEntry& entry : entries) {
    SIM_CHECK(entry.reports.size() == seeds.size(), "AblationJson: one report per seed");
    bool same_digests = true;
    for (size_t i = 0; i < seeds.size(); ++i) {
      same_digests = same_digests && ValueAt(entry.reports[i], {"digest"}) ==
                                         ValueAt(full.reports[i], {"digest"});
    }
    nlohmann::json variant = {{"id", entry.id},
                              {"label", entry.label},
                              {"overrides", entry.overrides},
                              {"same_as_full", entry.same_as_full},
                              {"not_exercised", &entry != &full && same_digests}};
    const nlohmann::json* mine = Find(entry.reports.front(), {"resolved_scenario"});
    const nlohmann::json* theirs = Find(full.reports.front(), {"resolved_scenario"});
    if (mine != nullptr && theirs != nullptr) {
      nlohmann::json keys = nlohmann::json::array();
      for (const DifferingKey& key : DifferingScenarioKeys({theirs, mine})) keys.push_back(key.key);
      variant["differs_from_full"] = keys;
    }
    if (seeds.size() == 1) {
      variant["report"] = entry.id + "/report.json";
      variant["digest"] = ValueAt(entry.reports.front(), {"digest"});
      variant["metrics"] = Metrics(entry.reports.front());
    } else {
      nlohmann::json runs = nlohmann::json::array();
      for (size_t i = 0; i < seeds.size(); ++i) {
        runs.push_back({{"seed", seeds[i]},
                        {"report", AblationRunDir(entry.id, seeds[i]) + "/report.json"},
                        {"digest", ValueAt(entry.reports[i], {"digest"})},
                        {"metrics", Metrics(entry.reports[i])}});
      }
      variant["runs"] = runs;
    }
    variants.push_back(std::move(variant));
  }
  nlohmann::json ablation = {{"scenario", scenario}, {"variants", variants}};
  if (seeds.size() == 1) {
    ablation["seed"] = seeds.front();
  } else {
    ablation["seeds"] = seeds;
  }
  return ablation;
}

std::vector<AblationTable> AblationTables(const nlohmann::json& ablation) {
  return {MakeTable(ablation, "outcome", "Outcome",
                "What each mechanism buys: every variant against the full configuration (first "
                "row).",
                OutcomeMetrics(ablation)),
          MakeTable(ablation, "bytes", "Bytes by mechanism",
                "What each mechanism costs: modelled bytes sent (docs/size-model.md).",
                MechanismMetrics("bytes")),
          MakeTable(ablation, "messages", "Messages by mechanism", "Messages sent.",
                MechanismMetrics("count"))};
}

}  // namespace sim::report
