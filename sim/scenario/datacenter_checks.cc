// The cross-checks of network.datacenters and cluster.replication.datacenters (section_readers.h):
// they need the nodes that join faults add, so they run once the faults are read.
#include <set>

#include "sim/scenario/concat.h"
#include "sim/scenario/node_names.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

constexpr std::string_view kDatacentersPath = "/network/datacenters";

// Every node of the run: the initial ones, then the names join faults add (in file order; only
// membership matters here).
std::vector<std::string> EveryNodeName(const Scenario& scenario) {
  std::vector<std::string> names = scenario.cluster.node_names;
  for (const Fault& fault : scenario.faults) {
    if (fault.type == FaultType::kJoin) names.insert(names.end(), fault.nodes.begin(), fault.nodes.end());
  }
  return names;
}

void CheckMembers(ParseErrors& errors, const Scenario& scenario) {
  const std::vector<std::string> nodes = EveryNodeName(scenario);
  const std::set<std::string> known(nodes.begin(), nodes.end());
  std::set<std::string> placed;
  for (const auto& [name, datacenter] : scenario.network.datacenters) {
    const std::string path = ChildPath(kDatacentersPath, name);
    if (known.contains(name)) {
      errors.Fail(path, Concat("\"", name, "\" names both a node and a datacenter (partition "
                               "groups name either)"));
      return;
    }
    for (size_t i = 0; i < datacenter.nodes.size(); ++i) {
      const std::string node_path = IndexPath(ChildPath(path, "nodes"), i);
      const std::string& node = datacenter.nodes[i];
      if (!known.contains(node)) {
        errors.Fail(node_path, Concat(UnknownNameMessage("node", node, nodes),
                                      " (nodes are cluster.node_names and the names join "
                                      "faults add)"));
        return;
      }
      if (!placed.insert(node).second) {
        errors.Fail(node_path, Concat("node \"", node, "\" is in more than one datacenter"));
        return;
      }
    }
    for (size_t i = 0; i < datacenter.clients.size(); ++i) {
      const std::string client_path = IndexPath(ChildPath(path, "clients"), i);
      const std::string& client = datacenter.clients[i];
      if (!IsClientName(client, scenario.workload.clients)) {
        errors.Fail(client_path, Concat("unknown client \"", client, "\"; clients are c1..c",
                                        scenario.workload.clients));
        return;
      }
      if (!placed.insert(client).second) {
        errors.Fail(client_path, Concat("client \"", client, "\" is in more than one datacenter"));
        return;
      }
    }
  }
  for (const std::string& node : nodes) {
    if (!placed.contains(node)) {
      errors.Fail(kDatacentersPath,
                  Concat("node \"", node, "\" is in no datacenter; with datacenters every node, "
                         "joined ones included, is in exactly one"));
      return;
    }
  }
}

}  // namespace

void ValidateDatacenters(ParseErrors& errors, const Scenario& scenario) {
  const std::string spread_path = "/cluster/replication/datacenters";
  const int spread = scenario.cluster.replication.datacenters;
  const auto count = static_cast<int64_t>(scenario.network.datacenters.size());
  if (scenario.network.datacenters.empty()) {
    if (spread > 1) {
      errors.Fail(spread_path, Concat("must be 1 without network.datacenters, got ", spread));
    }
    if (errors.ok() && scenario.workload.entry == EntryNode::kDatacenter) {
      errors.Fail("/workload/entry",
                  "\"datacenter\" needs network.datacenters (no client is in a datacenter)");
    }
    return;
  }
  CheckMembers(errors, scenario);
  if (errors.ok()) CheckAtMost(errors, spread_path, spread, "the datacenters", count);
}

}  // namespace sim::scenario
