#include "sim/report/report_json.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/container/btree_map.h"
#include "sim/analysis/detail_text.h"
#include "sim/analysis/latency_stats.h"
#include "sim/build_info.h"
#include "sim/report/fault_json.h"
#include "sim/scenario/scenario_to_json.h"

namespace sim {
namespace {

double Seconds(TimeUs us) { return static_cast<double>(us) / static_cast<double>(kSecond); }

nlohmann::json CdfJson(const OpStats& stats) {
  nlohmann::json cdf = nlohmann::json::array();
  for (const LatencyQuantile& point : stats.cdf) {
    cdf.push_back({{"q", static_cast<double>(point.parts_per_million) / 1e6},
                   {"ms", UsToMs(point.latency_us)}});
  }
  return cdf;
}

nlohmann::json OpJson(const OpStats& stats) {
  return {
      {"latency_cdf_ms", CdfJson(stats)},
      {"attempted", stats.attempted},
      {"succeeded", stats.succeeded},
      {"availability", stats.availability},
      {"latency_ms",
       {{"mean", stats.latency.mean_us / 1000.0},
        {"p50", UsToMs(stats.latency.p50_us)},
        {"p99", UsToMs(stats.latency.p99_us)},
        {"p999", UsToMs(stats.latency.p999_us)},
        {"max", UsToMs(stats.latency.max_us)}}},
  };
}

nlohmann::json HistogramJson(const absl::btree_map<int, uint64_t>& histogram) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [value, count] : histogram) object[std::to_string(value)] = count;
  return object;
}

// The first lost puts, enough to start looking (the check's detail names the first).
constexpr size_t kLostPutsListed = 20;

nlohmann::json LostPutsJson(const LostWritesReport& lost) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < lost.lost.size() && i < kLostPutsListed; ++i) {
    const LostPut& put = lost.lost[i];
    list.push_back({{"key", put.key},
                    {"put_op", put.put_op},
                    {"client", ClientText(put.client)},
                    {"item", ItemText(put.item)},
                    {"acknowledged_s", Seconds(put.acked_us)}});
  }
  return list;
}

// The first resurrected items (cart removes), as the lost puts are listed.
nlohmann::json ResurrectedJson(const LostWritesReport& lost) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < lost.resurrected.size() && i < kLostPutsListed; ++i) {
    const ResurrectedItem& item = lost.resurrected[i];
    list.push_back({{"key", item.key},
                    {"item", ItemText(item.item)},
                    {"remove_op", item.remove_op},
                    {"client", ClientText(item.client)},
                    {"remove_acknowledged_s", Seconds(item.acked_us)}});
  }
  return list;
}

nlohmann::json ConvergenceJson(const RunResult& result) {
  const ConvergenceResult& convergence = result.convergence;
  nlohmann::json json = {{"reference_s", Seconds(convergence.reference_us)},
                         {"sample_interval_s", Seconds(convergence.sample_interval_us)},
                         {"samples", convergence.samples},
                         {"keys", convergence.keys}};
  json["converged_at_s"] =
      convergence.converged ? nlohmann::json(Seconds(convergence.converged_at_us)) : nlohmann::json();
  // Convergence under load: null when no heal came before quiesce / agreement was not reached.
  json["last_heal_s"] = convergence.last_heal_us ? nlohmann::json(Seconds(*convergence.last_heal_us))
                                                 : nlohmann::json();
  json["after_heal_s"] = convergence.after_heal_us
                             ? nlohmann::json(Seconds(*convergence.after_heal_us))
                             : nlohmann::json();
  json["load_samples"] = convergence.load_samples;
  if (convergence.divergence) {
    nlohmann::json replicas = nlohmann::json::array();
    for (const ReplicaHolding& replica : convergence.divergence->replicas) {
      replicas.push_back({{"node", NodeText(result.node_names, replica.node)},
                          {"versions", replica.versions},
                          {"agrees", replica.agrees}});
    }
    json["divergence"] = {{"key", convergence.divergence->key}, {"replicas", replicas}};
  }
  return json;
}

nlohmann::json TVisibilityJson(const TVisibility& visibility) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const TVisibilityBucket& bucket : visibility.buckets) {
    buckets.push_back({{"t_ms", UsToMs(bucket.lower_us)},
                       {"t_end_ms", bucket.upper_us ? nlohmann::json(UsToMs(*bucket.upper_us))
                                                    : nlohmann::json()},
                       {"exact", bucket.is_point()},
                       {"gets", bucket.gets},
                       {"saw", bucket.saw},
                       {"probability", bucket.probability},
                       {"cumulative_gets", bucket.cumulative_gets},
                       {"cumulative_saw", bucket.cumulative_saw},
                       {"cumulative_probability", bucket.cumulative_probability}});
  }
  return buckets;
}

nlohmann::json OptionalJson(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json TVisibilityAtJson(const TVisibility& visibility) {
  nlohmann::json points = nlohmann::json::array();
  for (const TVisibilityAt& at : visibility.at) {
    points.push_back({{"t_ms", UsToMs(at.t_us)},
                      {"gets_at", at.gets_at},
                      {"saw_at", at.saw_at},
                      {"probability_at", OptionalJson(at.probability_at)},
                      {"gets_at_or_before", at.gets_at_or_before},
                      {"saw_at_or_before", at.saw_at_or_before},
                      {"probability_at_or_before", OptionalJson(at.probability_at_or_before)},
                      {"gets_at_or_after", at.gets_at_or_after},
                      {"saw_at_or_after", at.saw_at_or_after},
                      {"probability_at_or_after", OptionalJson(at.probability_at_or_after)}});
  }
  return points;
}

nlohmann::json ConsistencyJson(const RunSummary& summary, const RunResult& result) {
  const ConvergenceResult& convergence = result.convergence;
  nlohmann::json consistency = {
      {"lost_writes", summary.lost_writes.lost_writes},
      {"acknowledged_puts", summary.lost_writes.acknowledged_puts},
      {"lost_puts", LostPutsJson(summary.lost_writes)},
      {"converged", convergence.converged},
      {"convergence_time_s", convergence.converged
                                 ? nlohmann::json(Seconds(convergence.convergence_time_us))
                                 : nlohmann::json()},
      {"convergence", ConvergenceJson(result)},
      {"t_visibility", TVisibilityJson(summary.t_visibility)},
      {"t_visibility_gets", summary.t_visibility.gets},
      {"t_visibility_at", TVisibilityAtJson(summary.t_visibility)},
      {"stale_reads", summary.staleness.stale_reads},
      {"stale_read_fraction", summary.staleness.stale_read_fraction},
      {"k_staleness", HistogramJson(summary.staleness.k_histogram)},
      {"siblings_histogram", HistogramJson(summary.siblings.gets_by_versions)},
      {"max_siblings", summary.siblings.max_versions},
  };
  // Cart removes: only in runs that made any, so reports of other runs read as before.
  if (summary.lost_writes.removes) {
    consistency["acknowledged_removes"] = summary.lost_writes.acknowledged_removes;
    consistency["removed_absent"] = summary.lost_writes.removed_absent;
    consistency["resurrected_items"] = summary.lost_writes.resurrected_items;
    consistency["resurrected"] = ResurrectedJson(summary.lost_writes);
  }
  return consistency;
}

nlohmann::json MessagesJson(const MessageSummary& messages) {
  // A kind listed twice is summed rather than overwritten.
  absl::btree_map<std::string, MessageTraffic> totals;
  for (const MessageTraffic& traffic : messages.by_kind) {
    MessageTraffic& total = totals[traffic.kind];
    total.count += traffic.count;
    total.bytes += traffic.bytes;
  }
  nlohmann::json by_kind = nlohmann::json::object();
  for (const auto& [kind, total] : totals) {
    by_kind[kind] = {{"count", total.count}, {"bytes", total.bytes}};
  }
  nlohmann::json by_mechanism = nlohmann::json::object();
  for (const MessageTraffic& total : messages.by_mechanism) {
    by_mechanism[total.kind] = {{"count", total.count}, {"bytes", total.bytes}};
  }
  return {{"sent", messages.sent},
          {"dropped", messages.dropped},
          {"by_kind", by_kind},
          {"by_mechanism", by_mechanism}};
}

nlohmann::json TimelineJson(const Timeline& timeline) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const TimelineBucket& bucket : timeline.buckets) {
    buckets.push_back({{"t_s", Seconds(bucket.start_us)},
                       {"gets", bucket.gets_attempted},
                       {"puts", bucket.puts_attempted},
                       {"gets_succeeded", bucket.gets_succeeded},
                       {"puts_succeeded", bucket.puts_succeeded},
                       {"get_availability", bucket.get_availability},
                       {"put_availability", bucket.put_availability},
                       {"get_p99_ms", UsToMs(bucket.get_p99_us)},
                       {"put_p99_ms", UsToMs(bucket.put_p99_us)},
                       {"stale_reads", bucket.stale_reads},
                       {"stale_fraction", bucket.stale_fraction},
                       {"messages", bucket.messages_sent}});
  }
  return buckets;
}

nlohmann::json OutagesJson(const OutageReport& outages) {
  nlohmann::json clients = nlohmann::json::array();
  for (const ClientOutages& client : outages.clients) {
    clients.push_back({{"client", ClientText(client.client)},
                       {"longest_outage_s", Seconds(client.longest.length_us())},
                       {"longest_outage_start_s", Seconds(client.longest.start_us)},
                       {"unavailable_in_faults_s", Seconds(client.unavailable_in_faults_us)}});
  }
  nlohmann::json recoveries = nlohmann::json::array();
  std::optional<TimeUs> max_recovery_us;
  bool all_recovered = true;
  for (const FaultRecovery& recovery : outages.recoveries) {
    const bool recovered = recovery.state == RecoveryState::kRecovered;
    all_recovered = all_recovered && recovery.state != RecoveryState::kNotRecovered;
    if (recovered) max_recovery_us = std::max(max_recovery_us.value_or(0), recovery.recovery_us);
    recoveries.push_back(
        {{"fault_id", recovery.fault_id},
         {"type", recovery.type},
         {"heal_s", Seconds(recovery.heal_us)},
         {"state", RecoveryStateName(recovery.state)},
         {"pre_fault_availability", recovery.pre_fault_availability
                                        ? nlohmann::json(*recovery.pre_fault_availability)
                                        : nlohmann::json()},
         {"recovery_s", recovered ? nlohmann::json(Seconds(recovery.recovery_us)) : nlohmann::json()}});
  }
  return {{"longest_outage_s", Seconds(outages.longest.length_us())},
          {"longest_outage_start_s", Seconds(outages.longest.start_us)},
          {"worst_client", ClientText(outages.worst_client)},
          {"worst_client_longest_outage_s", Seconds(outages.worst_client_longest.length_us())},
          {"unavailable_in_faults_s", Seconds(outages.unavailable_in_faults_us)},
          {"fault_time_s", Seconds(outages.fault_time_us)},
          {"max_recovery_s", max_recovery_us ? nlohmann::json(Seconds(*max_recovery_us))
                                             : nlohmann::json()},
          {"all_recovered", all_recovered},
          {"clients", clients},
          {"recoveries", recoveries}};
}

nlohmann::json FaultsJson(const RunResult& result) {
  nlohmann::json faults = nlohmann::json::array();
  for (const FaultWindow& window : result.faults) faults.push_back(FaultWindowJson(window));
  return faults;
}

nlohmann::json NodeLoadJson(const RunResult& result) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const NodeLoad& load : result.node_load) {
    nodes.push_back({{"node", load.node},
                     {"client_requests", load.client_requests},
                     {"forwarded", load.forwarded},
                     {"gets_coordinated", load.gets_coordinated},
                     {"puts_coordinated", load.puts_coordinated},
                     {"gets_as_replica", load.gets_as_replica},
                     {"puts_as_replica", load.puts_as_replica},
                     {"hints_stored", load.hints_stored},
                     {"hints_delivered", load.hints_delivered},
                     {"hints_held", load.hints_held},
                     {"keys_repaired", load.keys_repaired},
                     {"keys_stored", load.keys_stored}});
  }
  return nodes;
}

nlohmann::json ChecksJson(const std::vector<CheckResult>& checks) {
  nlohmann::json list = nlohmann::json::array();
  for (const CheckResult& check : checks) {
    list.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  }
  return list;
}

}  // namespace

nlohmann::json ReportJson(const RunSummary& summary, const RunResult& result) {
  nlohmann::json report = nlohmann::json::object();
  report["tool"] = {{"name", kToolName}, {"version", ToolVersion()}, {"commit", ToolCommit()}};
  report["scenario"] = result.scenario;
  report["seed"] = result.seed;
  report["digest"] = result.digest;
  report["sim_time_s"] = static_cast<double>(result.sim_time_us) / static_cast<double>(kSecond);
  report["wall_time_s"] = result.wall_time_s;
  if (result.peak_rss_bytes > 0) report["peak_rss_bytes"] = result.peak_rss_bytes;
  if (result.memory_estimate_bytes > 0) {
    report["memory_estimate_bytes"] = result.memory_estimate_bytes;
  }
  report["events"] = result.events;
  report["ops"] = {{"get", OpJson(summary.ops.get)}, {"put", OpJson(summary.ops.put)}};
  if (result.carts) report["ops"]["add"] = OpJson(summary.ops.add);
  report["outages"] = OutagesJson(summary.outages);
  report["consistency"] = ConsistencyJson(summary, result);
  report["messages"] = MessagesJson(summary.messages);
  report["repair"] = {{"hints_stored", result.repair.hints_stored},
                      {"hints_delivered", result.repair.hints_delivered},
                      {"read_repairs", result.repair.read_repairs},
                      {"merkle_exchanges", result.repair.merkle_exchanges},
                      {"merkle_nodes_exchanged", result.repair.merkle_nodes_exchanged},
                      {"keys_repaired", result.repair.keys_repaired}};
  report["storage"] = {{"unflushed_writes_lost", result.repair.unflushed_lost}};
  report["quiesce_start_s"] = Seconds(result.quiesce_start_us);
  report["timeline_bucket_s"] = Seconds(summary.timeline.bucket_us);
  report["timeline"] = TimelineJson(summary.timeline);
  report["faults"] = FaultsJson(result);
  report["node_load"] = NodeLoadJson(result);
  report["checks"] = ChecksJson(summary.checks);
  report["passed"] = summary.passed;
  return report;
}

void AddScenarioProvenance(const scenario::Scenario& scenario, const std::string& path,
                           const std::vector<std::string>& overrides, nlohmann::json* report) {
  (*report)["scenario_path"] = path;
  (*report)["overrides"] = overrides;
  // report.json keeps sorted keys (see above); explain's order is documentation order only.
  (*report)["resolved_scenario"] = nlohmann::json::parse(scenario::ScenarioToJson(scenario).dump());
}

}  // namespace sim
