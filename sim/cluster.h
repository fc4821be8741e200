// Cluster: one run's world, wired from a scenario. Owns the engine (scheduler, trace, processes,
// network), the ring, the node hosts and the clients, and routes deliveries and life-cycle
// transitions to them.
//
// Process ids: the K initial nodes are 0..K-1 in node order (so a dynamo::NodeId is the node's
// process id), then the J nodes that `join` faults add, in the order they join (down until
// then), then the clients.
//
// Membership: the initial nodes' disks hold the initial ring (epoch 1); nodes then change it
// only through the node logic (gossip, join, leave). The cluster watches what nodes install to
// keep the latest ring (the client library's view) and the entry nodes clients may use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/ring.h"
#include "sim/client.h"
#include "sim/engine/network.h"
#include "sim/engine/network_model.h"
#include "sim/engine/process_table.h"
#include "sim/engine/scheduler.h"
#include "sim/engine/trace.h"
#include "sim/history.h"
#include "sim/key_chooser.h"
#include "sim/node_host.h"
#include "sim/run_result.h"
#include "sim/scenario/scenario.h"

namespace sim {

// The names of the node processes in process-id order: the initial nodes, then the nodes `join`
// faults add, by join time (ties in file order). Clients follow them.
std::vector<std::string> NodeNamesInProcessOrder(const scenario::Scenario& scenario);

class Cluster : public Network<dynamo::Message>::Receiver,
                public ProcessObserver,
                public NodeHostObserver {
 public:
  // REQUIRES: `scenario` is valid (loaded by the scenario loader) and outlives the cluster.
  Cluster(const scenario::Scenario& scenario, uint64_t seed);
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Starts every node and client.
  void Start();

  Scheduler& scheduler() { return scheduler_; }
  Trace& trace() { return trace_; }
  ProcessTable& processes() { return processes_; }
  NetworkModel& network_model() { return model_; }
  Network<dynamo::Message>& network() { return network_; }
  History& history() { return history_; }
  // The newest ring any node has installed (by (epoch, author)).
  const dynamo::Ring& ring() const { return *ring_; }
  uint64_t ring_epoch() const { return ring_state_.epoch; }
  // How many times ring() has been replaced by a newer one: observers that derive replica sets
  // from it (the convergence sampler) recompute them when this moves.
  uint64_t ring_changes() const { return ring_changes_; }
  const dynamo::NodeConfig& node_config() const { return node_config_; }

  // Every node process, those that have not joined yet and those that left included.
  size_t node_count() const { return hosts_.size(); }
  NodeHost& host(size_t node) { return *hosts_[node]; }
  const std::vector<ProcessId>& node_ids() const { return node_ids_; }
  // Process id of a node or client by its scenario name ("n2", "c1"); false if unknown.
  bool FindProcess(const std::string& name, ProcessId* id) const;
  const std::vector<std::string>& process_names() const { return process_names_; }

  // Whether a node may be (re)started: it is an initial node or has joined, and has not left.
  bool MayRun(ProcessId node) const { return life_[node] == NodeLife::kMember; }
  bool HasLeft(ProcessId node) const { return life_[node] == NodeLife::kLeft; }
  // The `join` fault: starts a new node, which asks a seed to join.
  void Join(ProcessId node);
  // The `leave` fault: the node leaves the ring, hands its keys off, then stops for good.
  void Leave(ProcessId node);

  // Repair work so far: nodes that crashed counted at their crash, live nodes now.
  RepairCounts RepairTotals() const;
  // Per-node work so far (crashed incarnations counted at their crash), and what each disk holds.
  std::vector<NodeLoad> NodeLoads() const;
  // The outcome of every join and leave fault so far (run_result.h), in file order.
  // `final_versions`: FinalReplicaVersions(), the keys a joiner must hold if it replicates them.
  std::vector<MembershipOutcome> MembershipOutcomes(
      const absl::btree_map<dynamo::Key, dynamo::Siblings>& final_versions) const;
  // The keys of every put invoked so far (acknowledged or not), ascending.
  std::vector<dynamo::Key> WrittenKeys() const;
  // What a client reading every written key now from all N replicas of the newest ring would get
  // (key_replicas.h, ReadEveryReplica): each replica's data and write buffer
  // (NodeHost::ReplicaVersions; a node that is down counts with its disk, a wiped disk holds
  // nothing), merged as a get with R = N merges its replies. Hints and copies on nodes that are
  // not replicas count only once the protocol has moved them onto a replica. Keys no replica
  // holds are absent. This is what `no_lost_writes` and the `membership` check decide from.
  absl::btree_map<dynamo::Key, dynamo::Siblings> FinalReplicaVersions() const;

  // Network<Message>::Receiver
  void Deliver(ProcessId from, ProcessId to, MessageKind kind, dynamo::Message& message) override;
  // ProcessObserver
  void OnCrash(ProcessId id) override;
  void OnRestart(ProcessId id) override;
  void OnWipe(ProcessId id) override;
  // NodeHostObserver
  void OnRingInstalled(ProcessId node, const dynamo::RingState& state,
                       const std::shared_ptr<const dynamo::Ring>& ring) override;
  void OnLeaveComplete(ProcessId node) override;

 private:
  enum class NodeLife : uint8_t { kNotJoined, kMember, kLeft };

  void RegisterMessageKinds();
  void AddEntryNode(ProcessId node);
  dynamo::RingState InitialRing(uint64_t seed) const;

  const scenario::Scenario& scenario_;
  dynamo::NodeConfig node_config_;
  Scheduler scheduler_;
  Trace trace_;
  ProcessTable processes_;
  NetworkModel model_;
  Network<dynamo::Message> network_;
  History history_;
  KeyChooser keys_;
  TraceKind trace_ring_installed_;
  TraceKind trace_left_;
  dynamo::RingState ring_state_;  // version and members of ring_ (the newest installed)
  std::shared_ptr<const dynamo::Ring> ring_;
  uint64_t ring_changes_ = 0;
  std::vector<ProcessId> node_ids_;  // every node process, joiners included
  std::vector<NodeLife> life_;       // by node process id
  std::vector<bool> ever_on_ring_;   // by node process id: on some newest ring during the run
  std::vector<ProcessId> entry_nodes_;  // members clients may send to, in process id order
  // entry_nodes_ split by datacenter (network.datacenters' order); empty without datacenters.
  std::vector<std::vector<ProcessId>> entry_nodes_by_datacenter_;
  std::vector<std::string> process_names_;
  std::vector<std::unique_ptr<NodeHost>> hosts_;
  std::vector<std::unique_ptr<Client>> clients_;
  RepairCounts repair_of_crashed_;  // node stats are volatile: banked when a node crashes
  std::vector<NodeLoad> load_of_crashed_;  // likewise, per node
};

}  // namespace sim
