#include "sim/datacenters.h"

#include <cstdint>

#include "absl/container/btree_map.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// Name -> index in `names`.
absl::btree_map<std::string, uint32_t> IndexOf(const std::vector<std::string>& names) {
  absl::btree_map<std::string, uint32_t> index;
  for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<uint32_t>(i));
  return index;
}

// "a|b" -> the indexes of datacenters a and b.
std::pair<size_t, size_t> PairOf(const scenario::Network& network, const std::string& key) {
  const size_t bar = key.find('|');
  SIM_CHECK(bar != std::string::npos, "the loader checked the pair's form");
  const auto first = network.datacenters.find(key.substr(0, bar));
  const auto second = network.datacenters.find(key.substr(bar + 1));
  SIM_CHECK(first != network.datacenters.end() && second != network.datacenters.end(),
            "the loader checked the pair's datacenters");
  return {static_cast<size_t>(std::distance(network.datacenters.begin(), first)),
          static_cast<size_t>(std::distance(network.datacenters.begin(), second))};
}

}  // namespace

dynamo::DatacenterPlacement MakeDatacenterPlacement(const scenario::Scenario& scenario,
                                                    const std::vector<std::string>& node_names) {
  dynamo::DatacenterPlacement placement;
  if (scenario.network.datacenters.empty()) return placement;
  placement.min_datacenters = static_cast<uint32_t>(scenario.cluster.replication.datacenters);
  const absl::btree_map<std::string, uint32_t> node_index = IndexOf(node_names);
  constexpr uint32_t kUnplaced = UINT32_MAX;
  placement.datacenter_of_node.assign(node_names.size(), kUnplaced);
  uint32_t datacenter = 0;
  for (const auto& [name, members] : scenario.network.datacenters) {
    for (const std::string& node : members.nodes) {
      const auto it = node_index.find(node);
      SIM_CHECK(it != node_index.end(), "a datacenter lists a node of the run");
      placement.datacenter_of_node[it->second] = datacenter;
    }
    ++datacenter;
  }
  for (uint32_t placed : placement.datacenter_of_node) {
    SIM_CHECK(placed != kUnplaced, "every node of the run is in a datacenter");
  }
  return placement;
}

void ConfigureDatacenters(const scenario::Scenario& scenario,
                          const std::vector<std::string>& process_names, NetworkModel& model) {
  const scenario::Network& network = scenario.network;
  if (network.datacenters.empty()) return;
  const absl::btree_map<std::string, uint32_t> process_index = IndexOf(process_names);
  std::vector<int32_t> datacenter_of(process_names.size(), kNoDatacenter);
  int32_t datacenter = 0;
  for (const auto& [name, members] : network.datacenters) {
    for (const std::vector<std::string>* names : {&members.nodes, &members.clients}) {
      for (const std::string& member : *names) {
        const auto it = process_index.find(member);
        SIM_CHECK(it != process_index.end(), "a datacenter lists a process of the run");
        datacenter_of[it->second] = datacenter;
      }
    }
    ++datacenter;
  }
  const size_t count = network.datacenters.size();
  std::vector<Distribution> pair_latency(count * count, network.datacenter_latency);
  for (const auto& [key, latency] : network.datacenter_latency_by_pair) {
    const auto [a, b] = PairOf(network, key);
    pair_latency[a * count + b] = latency;
    pair_latency[b * count + a] = latency;
  }
  model.SetDatacenters(std::move(datacenter_of), static_cast<uint32_t>(count),
                       std::move(pair_latency));
}

std::vector<int32_t> ClientDatacenters(const scenario::Scenario& scenario) {
  std::vector<int32_t> datacenter_of(static_cast<size_t>(scenario.workload.clients), kNoDatacenter);
  int32_t datacenter = 0;
  for (const auto& [name, members] : scenario.network.datacenters) {
    for (const std::string& client : members.clients) {
      // The loader checked the names: "c1".."cM".
      const size_t index = std::stoul(client.substr(1)) - 1;
      SIM_CHECK(client.front() == 'c' && index < datacenter_of.size(), "a client of the run");
      datacenter_of[index] = datacenter;
    }
    ++datacenter;
  }
  return datacenter_of;
}

std::vector<std::string> ExpandDatacenterNames(const scenario::Scenario& scenario,
                                               const std::vector<std::string>& group) {
  std::vector<std::string> expanded;
  for (const std::string& name : group) {
    const auto datacenter = scenario.network.datacenters.find(name);
    if (datacenter == scenario.network.datacenters.end()) {
      expanded.push_back(name);
      continue;
    }
    expanded.insert(expanded.end(), datacenter->second.nodes.begin(),
                    datacenter->second.nodes.end());
    expanded.insert(expanded.end(), datacenter->second.clients.begin(),
                    datacenter->second.clients.end());
  }
  return expanded;
}

}  // namespace sim
