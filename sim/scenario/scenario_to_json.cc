#include "sim/scenario/scenario_to_json.h"

#include "sim/scenario/distribution_json.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_names.h"

namespace sim::scenario {
namespace {

using Json = nlohmann::ordered_json;

Json ClusterPolicies(const Cluster& cluster, Json out) {
  out["sloppy_quorum"] = cluster.sloppy_quorum;
  out["hinted_handoff"] = {
      {"enabled", cluster.hinted_handoff.enabled},
      {"retry_interval", FormatDurationUs(cluster.hinted_handoff.retry_interval_us)}};
  out["read_repair"] = cluster.read_repair;
  out["anti_entropy"] = {{"enabled", cluster.anti_entropy.enabled},
                         {"interval", FormatDurationUs(cluster.anti_entropy.interval_us)},
                         {"merkle_depth", cluster.anti_entropy.merkle_depth}};
  out["gossip"] = {{"interval", FormatDurationUs(cluster.gossip.interval_us)},
                   {"seeds", cluster.gossip.seeds}};
  out["failure_detector"] = {
      {"suspect_after", FormatDurationUs(cluster.failure_detector.suspect_after_us)}};
  out["request_timeout"] = FormatDurationUs(cluster.request_timeout_us);
  out["vector_clock"] = {{"max_entries", cluster.vector_clock.max_entries}};
  out["conflict_resolution"] =
      SpellingOf(ConflictResolutionSpellings(), cluster.conflict_resolution);
  out["coordination"] = SpellingOf(CoordinationSpellings(), cluster.coordination);
  out["client_refresh"] = FormatDurationUs(cluster.client_refresh_us);
  out["write_coordinator"] = SpellingOf(WriteCoordinatorSpellings(), cluster.write_coordinator);
  return out;
}

Json ClusterToJson(const Cluster& cluster) {
  Json out;
  out["nodes"] = cluster.nodes;
  out["node_names"] = cluster.node_names;
  out["replication"] = {
      {"n", cluster.replication.n}, {"r", cluster.replication.r}, {"w", cluster.replication.w},
      {"pr", cluster.replication.pr}, {"pw", cluster.replication.pw},
      {"fanout", SpellingOf(FanoutSpellings(), cluster.replication.fanout)}};
  out["partitioning"] = {{"strategy", cluster.partitioning.strategy},
                         {"partitions", cluster.partitioning.partitions},
                         {"tokens_per_node", cluster.partitioning.tokens_per_node}};
  return ClusterPolicies(cluster, std::move(out));
}

Json NetworkToJson(const Network& network) {
  Json by_message = Json::object();
  for (const auto& [kind, distribution] : network.by_message) {
    by_message[kind] = DistributionToJson(distribution);
  }
  Json out = {{"latency", DistributionToJson(network.latency)},
              {"drop_rate", network.drop_rate},
              {"duplicate_rate", network.duplicate_rate},
              {"by_message", std::move(by_message)}};
  if (network.datacenters.empty()) return out;  // and the datacenter latencies then unset
  Json datacenters = Json::object();
  for (const auto& [name, datacenter] : network.datacenters) {
    datacenters[name] = {{"nodes", datacenter.nodes}};
    if (!datacenter.clients.empty()) datacenters[name]["clients"] = datacenter.clients;
  }
  Json by_pair = Json::object();
  for (const auto& [pair, distribution] : network.datacenter_latency_by_pair) {
    by_pair[pair] = DistributionToJson(distribution);
  }
  out["datacenters"] = std::move(datacenters);
  out["datacenter_latency"] = DistributionToJson(network.datacenter_latency);
  out["datacenter_latency_by_pair"] = std::move(by_pair);
  return out;
}

Json StorageToJson(const Storage& storage) {
  return {{"read_latency", DistributionToJson(storage.read_latency)},
          {"write_latency", DistributionToJson(storage.write_latency)},
          {"buffered_writes", storage.buffered_writes},
          {"flush_interval", FormatDurationUs(storage.flush_interval_us)}};
}

Json KeyDistributionToJson(const KeyDistribution& keys) {
  if (keys.type == KeyDistribution::Type::kUniform) return "uniform";
  return {{"type", "zipf"}, {"s", keys.s}};
}

Json WorkloadToJson(const Workload& workload) {
  Json out;
  out["clients"] = workload.clients;
  out["keys"] = workload.keys;
  out["key_distribution"] = KeyDistributionToJson(workload.key_distribution);
  if (workload.rate.has_value()) out["rate"] = *workload.rate;
  out["think_time"] = FormatDurationUs(workload.think_time_us);
  out["mix"] = {{"get", workload.mix.get}, {"put", workload.mix.put}};
  if (workload.mix.remove > 0) out["mix"]["remove"] = workload.mix.remove;
  out["read_modify_write"] = workload.read_modify_write;
  out["always_writeable"] = workload.always_writeable;
  out["client_timeout"] = FormatDurationUs(workload.client_timeout_us);
  out["entry"] = SpellingOf(EntryNodeSpellings(), workload.entry);
  if (workload.failure_backoff_us.has_value()) {
    out["failure_backoff"] = FormatDurationUs(*workload.failure_backoff_us);
  }
  out["retry"] = workload.retry;
  if (!workload.reads_after_put_us.empty()) {
    Json offsets = Json::array();
    for (const TimeUs t_us : workload.reads_after_put_us) offsets.push_back(FormatDurationUs(t_us));
    out["reads_after_put"] = std::move(offsets);
  }
  out["start"] = FormatDurationUs(workload.start_us);
  out["stop"] = FormatDurationUs(workload.stop_us);
  return out;
}

void AddFaultMembers(const Fault& fault, Json& out) {
  switch (fault.type) {
    case FaultType::kPartition:
      out["groups"] = fault.groups;
      return;
    case FaultType::kOneWay:
      out["from"] = fault.from;
      out["to"] = fault.to;
      return;
    case FaultType::kHeal:
      return;
    case FaultType::kDrop:
      out["rate"] = fault.rate;
      if (!fault.nodes.empty()) out["nodes"] = fault.nodes;
      return;
    default:
      break;
  }
  out["nodes"] = fault.nodes;
  if (fault.type == FaultType::kLatency) out["extra"] = DistributionToJson(fault.extra);
  if (fault.type == FaultType::kClockSkew) out["offset"] = FormatDurationUs(fault.offset_us);
}

Json FaultsToJson(const std::vector<Fault>& faults) {
  Json list = Json::array();
  for (const Fault& fault : faults) {
    Json out;
    out["at"] = FormatDurationUs(fault.at_us);
    out["type"] = FaultTypeName(fault.type);
    if (fault.until_us.has_value()) out["until"] = FormatDurationUs(*fault.until_us);
    AddFaultMembers(fault, out);
    list.push_back(std::move(out));
  }
  return list;
}

Json NemesisToJson(const Nemesis& nemesis) {
  Json faults = Json::array();
  for (FaultType type : nemesis.faults) faults.push_back(FaultTypeName(type));
  return {{"interval", FormatDurationUs(nemesis.interval_us)},
          {"faults", std::move(faults)},
          {"max_down", nemesis.max_down}};
}

Json ConvergenceToJson(const ConvergenceCheck& convergence) {
  if (!convergence.within_us.has_value()) return convergence.enabled;
  return {{"enabled", convergence.enabled}, {"within", FormatDurationUs(*convergence.within_us)}};
}

Json ChecksToJson(const Checks& checks) {
  Json out;
  out["no_lost_writes"] = checks.no_lost_writes;
  if (checks.no_resurrected_items) out["no_resurrected_items"] = true;
  out["convergence"] = ConvergenceToJson(checks.convergence);
  if (checks.availability.has_value()) {
    Json& availability = out["availability"];
    availability = {{"get", checks.availability->get},
                    {"put", checks.availability->put},
                    {"add", checks.availability->add}};
    if (checks.availability->max_outage_us) {
      availability["max_outage"] = FormatDurationUs(*checks.availability->max_outage_us);
    }
    if (checks.availability->max_recovery_us) {
      availability["max_recovery"] = FormatDurationUs(*checks.availability->max_recovery_us);
    }
  }
  if (!checks.latency.empty()) {
    Json latency = Json::object();
    for (const auto& [key, bound_us] : checks.latency) latency[key] = FormatDurationUs(bound_us);
    out["latency"] = std::move(latency);
  }
  if (checks.stale_reads.has_value()) {
    out["stale_reads"] = {{"max_fraction", checks.stale_reads->max_fraction}};
  }
  if (checks.max_siblings.has_value()) out["max_siblings"] = *checks.max_siblings;
  if (checks.membership.has_value()) out["membership"] = *checks.membership;
  if (!checks.t_visibility_at_us.empty()) {
    Json at = Json::array();
    for (const TimeUs t_us : checks.t_visibility_at_us) at.push_back(FormatDurationUs(t_us));
    out["t_visibility"] = {{"at", std::move(at)}};
  }
  return out;
}

}  // namespace

nlohmann::ordered_json ScenarioToJson(const Scenario& scenario) {
  Json out;
  out["name"] = scenario.name;
  out["description"] = scenario.description;
  out["seed"] = scenario.seed;
  out["duration"] = FormatDurationUs(scenario.duration_us);
  out["quiesce"] = FormatDurationUs(scenario.quiesce_us);
  out["cluster"] = ClusterToJson(scenario.cluster);
  // D is printed with the datacenters it needs (without them it is always 1).
  if (!scenario.network.datacenters.empty()) {
    out["cluster"]["replication"]["datacenters"] = scenario.cluster.replication.datacenters;
  }
  out["network"] = NetworkToJson(scenario.network);
  out["storage"] = StorageToJson(scenario.storage);
  out["workload"] = WorkloadToJson(scenario.workload);
  out["faults"] = FaultsToJson(scenario.faults);
  if (scenario.nemesis.has_value()) out["nemesis"] = NemesisToJson(*scenario.nemesis);
  out["checks"] = ChecksToJson(scenario.checks);
  out["bugs"] = scenario.bugs;
  return out;
}

}  // namespace sim::scenario
