// The scenario's network.datacenters as the parts of a run take them: the node logic's
// placement (which datacenter each node is in, and D), the network model's per-endpoint
// datacenters and per-pair latencies, and a partition group's datacenter names expanded.
// Datacenter i is the i-th name of network.datacenters (sorted by name).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dynamo/ring.h"
#include "sim/engine/network_model.h"
#include "sim/scenario/scenario.h"

namespace sim {

// Indexed by NodeId (`node_names`: every node of the run in process order, joiners included);
// an empty placement when the scenario has no datacenters.
dynamo::DatacenterPlacement MakeDatacenterPlacement(const scenario::Scenario& scenario,
                                                    const std::vector<std::string>& node_names);

// Gives `model` each process's datacenter (`process_names`: nodes, then clients) and the latency
// of each pair of datacenters: network.datacenter_latency, or the pair's entry of
// network.datacenter_latency_by_pair. Does nothing without datacenters.
void ConfigureDatacenters(const scenario::Scenario& scenario,
                          const std::vector<std::string>& process_names, NetworkModel& model);

// Each workload client's datacenter (client i is "c(i+1)"), kNoDatacenter for a client listed in
// none (and for every client without datacenters): where workload.entry "datacenter" sends.
std::vector<int32_t> ClientDatacenters(const scenario::Scenario& scenario);

// A partition group with each datacenter name replaced by its nodes, then its clients.
std::vector<std::string> ExpandDatacenterNames(const scenario::Scenario& scenario,
                                               const std::vector<std::string>& group);

}  // namespace sim
