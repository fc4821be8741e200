// Readers of the sections of a scenario file, internal to the loader (scenario_loader.cc).
// Each reads and validates one section and returns it with its defaults filled in; errors go to
// ParseErrors (see json_reader.h), after which the returned value is not meaningful.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {

// Size limits: far above any useful simulation, low enough that a typo cannot exhaust memory.
inline constexpr int64_t kMaxNodes = 1000;
inline constexpr int64_t kMaxClients = 1000000;
inline constexpr int64_t kMaxKeys = int64_t{1} << 40;
inline constexpr int64_t kMaxPartitions = int64_t{1} << 20;
inline constexpr int64_t kMaxTokensPerNode = 4096;
inline constexpr int64_t kMaxVectorClockEntries = 1000;
inline constexpr int64_t kMaxSiblingsBound = 1000000;

Cluster ReadCluster(ParseErrors& errors, const JsonAt& at);
Network ReadNetwork(ParseErrors& errors, const JsonAt& at);
Storage ReadStorage(ParseErrors& errors, const JsonAt& at);
// REQUIRES: duration_us > 0 (the default of workload.stop, and its bound).
// `cluster`: read before the workload, for the checks that span both sections.
Workload ReadWorkload(ParseErrors& errors, const JsonAt& at, TimeUs duration_us,
                      const Cluster& cluster);
Checks ReadChecks(ParseErrors& errors, const JsonAt& at);
Nemesis ReadNemesis(ParseErrors& errors, const JsonAt& at, int nodes);
std::vector<std::string> ReadBugs(ParseErrors& errors, const JsonAt& at);

// What fault validation needs to know of the rest of the scenario.
struct FaultContext {
  std::vector<std::string> node_names;  // nodes at start
  int clients = 0;
  TimeUs duration_us = 0;
  // network.datacenters: a partition group may name one, meaning its nodes and clients.
  absl::btree_map<std::string, Datacenter> datacenters;
};

// Reads the `faults` array: each fault's keys and times, then every name it mentions
// (fault_names.cc).
std::vector<Fault> ReadFaults(ParseErrors& errors, const JsonAt& at, const FaultContext& context);

// Checks the node and client names of `faults` (read from the array at `faults_path`) against
// the cluster, in time order with ties in file order: a join adds its new names for the faults
// after it. Partition members may be clients or datacenters (their nodes and clients); nobody
// may be in two groups once datacenters are expanded; one_way's from and to may not overlap.
void ValidateFaultNames(ParseErrors& errors, const std::string& faults_path,
                        const std::vector<Fault>& faults, const FaultContext& context);

// The cross-checks of network.datacenters and cluster.replication.datacenters, once the faults
// (whose joins name nodes too) are read (datacenter_checks.cc): every node of the run (initial and
// joined) in exactly one datacenter and nothing else listed, clients c1..cM in at most one, no
// datacenter named as a node, D > 1 only with datacenters and at most their number.
void ValidateDatacenters(ParseErrors& errors, const Scenario& scenario);

// "must be <= n (3), got 4" at `path` unless value <= bound; returns whether it held. When
// `value_is_default`, the message says so (the path is then not in the file).
bool CheckAtMost(ParseErrors& errors, const std::string& path, int64_t value,
                 std::string_view bound_name, int64_t bound, bool value_is_default = false);
bool CheckAtLeast(ParseErrors& errors, const std::string& path, int64_t value,
                  std::string_view bound_name, int64_t bound, bool value_is_default = false);

}  // namespace sim::scenario
