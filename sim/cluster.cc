#include "sim/cluster.h"

#include <algorithm>

#include "absl/container/btree_set.h"
#include "dynamo/forwarder.h"
#include "dynamo/partition_assignment.h"
#include "sim/analysis/key_replicas.h"
#include "sim/datacenters.h"
#include "sim/engine/check.h"
#include "sim/message_trace_key.h"

namespace sim {
namespace {

dynamo::NodeConfig MakeNodeConfig(const scenario::Scenario& scenario) {
  const scenario::Cluster& cluster = scenario.cluster;
  dynamo::NodeConfig config;
  config.n = static_cast<size_t>(cluster.replication.n);
  config.r = static_cast<size_t>(cluster.replication.r);
  config.w = static_cast<size_t>(cluster.replication.w);
  config.pr = static_cast<size_t>(cluster.replication.pr);
  config.pw = static_cast<size_t>(cluster.replication.pw);
  config.request_timeout_us = cluster.request_timeout_us;
  config.read_repair = cluster.read_repair;
  config.resolution = cluster.conflict_resolution == scenario::ConflictResolution::kLastWriteWins
                          ? dynamo::ResolutionMode::kLastWriteWins
                          : dynamo::ResolutionMode::kVectorClock;
  config.vector_clock_max_entries = static_cast<size_t>(cluster.vector_clock.max_entries);
  config.anti_entropy_enabled = cluster.anti_entropy.enabled;
  config.anti_entropy_interval_us = cluster.anti_entropy.interval_us;
  config.merkle_depth = cluster.anti_entropy.merkle_depth;
  config.sloppy_quorum = cluster.sloppy_quorum;
  config.buffered_writes = scenario.storage.buffered_writes;
  config.flush_interval_us = scenario.storage.flush_interval_us;
  config.hinted_handoff = cluster.hinted_handoff.enabled;
  config.hint_retry_interval_us = cluster.hinted_handoff.retry_interval_us;
  config.suspect_after_us = cluster.failure_detector.suspect_after_us;
  config.ring_params.strategy = static_cast<dynamo::PartitionStrategy>(cluster.partitioning.strategy);
  config.ring_params.partitions = static_cast<uint32_t>(cluster.partitioning.partitions);
  config.placement = MakeDatacenterPlacement(scenario, NodeNamesInProcessOrder(scenario));
  config.tokens_per_node = static_cast<size_t>(cluster.partitioning.tokens_per_node);
  config.gossip_interval_us = cluster.gossip.interval_us;
  for (const std::string& name : scenario.bugs) {
    for (const dynamo::BugInfo& bug : dynamo::kBugRegistry) {
      if (bug.name == name) config.bugs.*bug.flag = true;
    }
  }
  for (const std::string& seed : cluster.gossip.seeds) {
    const auto it = std::find(cluster.node_names.begin(), cluster.node_names.end(), seed);
    if (it != cluster.node_names.end()) {
      config.seeds.push_back(static_cast<dynamo::NodeId>(it - cluster.node_names.begin()));
    }
  }
  return config;
}

KeyChooser MakeKeyChooser(const scenario::Workload& workload) {
  const uint64_t keys = static_cast<uint64_t>(workload.keys);
  if (workload.key_distribution.type == scenario::KeyDistribution::Type::kZipf) {
    return KeyChooser::Zipf(keys, workload.key_distribution.s);
  }
  return KeyChooser::Uniform(keys);
}

}  // namespace

std::vector<std::string> NodeNamesInProcessOrder(const scenario::Scenario& scenario) {
  std::vector<const scenario::Fault*> joins;
  for (const scenario::Fault& fault : scenario.faults) {
    if (fault.type == scenario::FaultType::kJoin) joins.push_back(&fault);
  }
  std::stable_sort(joins.begin(), joins.end(), [](const scenario::Fault* a, const scenario::Fault* b) {
    return a->at_us < b->at_us;
  });
  std::vector<std::string> names = scenario.cluster.node_names;
  for (const scenario::Fault* join : joins) {
    names.insert(names.end(), join->nodes.begin(), join->nodes.end());
  }
  return names;
}

Cluster::Cluster(const scenario::Scenario& scenario, uint64_t seed)
    : scenario_(scenario),
      node_config_(MakeNodeConfig(scenario)),
      processes_(scheduler_),
      model_(Prng(seed, "network"), scenario.network.latency),
      network_(scheduler_, processes_, trace_, model_, *this),
      keys_(MakeKeyChooser(scenario.workload)) {
  processes_.set_observer(this);
  network_.set_trace_key(&MessageTraceKey);
  RegisterMessageKinds();
  trace_ring_installed_ = trace_.RegisterKind("ring_installed", {"epoch", "author", "members"});
  trace_left_ = trace_.RegisterKind("left");
  const std::vector<std::string> names = NodeNamesInProcessOrder(scenario);
  entry_nodes_by_datacenter_.resize(scenario.network.datacenters.size());
  const size_t initial = static_cast<size_t>(scenario.cluster.nodes);
  for (size_t i = 0; i < names.size(); ++i) {
    const bool member = i < initial;  // the others join later: down until then
    node_ids_.push_back(processes_.Add(/*up=*/member));
    process_names_.push_back(names[i]);
    life_.push_back(member ? NodeLife::kMember : NodeLife::kNotJoined);
    ever_on_ring_.push_back(member);
    if (member) AddEntryNode(node_ids_.back());
  }
  ring_state_ = InitialRing(seed);
  ring_ = std::make_shared<const dynamo::Ring>(node_config_.ring_params, ring_state_.members,
                                               node_config_.placement);
  const NodeHostWorld node_world{scheduler_,
                                 processes_,
                                 network_,
                                 node_config_,
                                 scenario.storage.read_latency,
                                 scenario.storage.write_latency,
                                 *this};
  for (size_t i = 0; i < node_ids_.size(); ++i) {
    hosts_.push_back(std::make_unique<NodeHost>(node_world, node_ids_[i], seed,
                                                process_names_[i]));
    if (life_[i] == NodeLife::kMember) hosts_.back()->SetInitialRing(ring_state_);
  }
  const auto node_ring = [this](ProcessId node) -> std::shared_ptr<const dynamo::Ring> {
    const dynamo::Node* up = hosts_[node]->node();
    if (up == nullptr || !up->membership().has_ring()) return nullptr;
    return up->membership().view().shared();
  };
  const ClientWorld client_world{scheduler_,   processes_, network_, history_,
                                 scenario,     node_config_, ring_,  node_ring,
                                 keys_,        entry_nodes_, entry_nodes_by_datacenter_,
                                 node_ids_.size()};
  const std::vector<int32_t> client_datacenters = ClientDatacenters(scenario);
  for (int i = 0; i < scenario.workload.clients; ++i) {
    const ProcessId id = processes_.Add();
    process_names_.push_back("c" + std::to_string(i + 1));
    clients_.push_back(std::make_unique<Client>(client_world, static_cast<uint32_t>(i), id,
                                                client_datacenters[static_cast<size_t>(i)], seed));
  }
  ConfigureDatacenters(scenario, process_names_, model_);
  // The fixed delays most timers use: FIFO lanes keep them out of the event heap.
  scheduler_.ReserveLane(scenario.cluster.request_timeout_us);
  // A forwarder's wait for forward_ack (forwarder.h): one per forwarded request, nearly all
  // cancelled by the ack, and a cancelled entry stays queued until its time comes; in the heap,
  // thousands of them made every pop deeper.
  scheduler_.ReserveLane(dynamo::ForwardTimeoutUs(node_config_));
  scheduler_.ReserveLane(scenario.workload.client_timeout_us);
  scheduler_.ReserveLane(scenario.workload.think_time_us);
}

// Message kind ids are the dynamo::MessageType values, so a type converts to a kind by a cast.
void Cluster::RegisterMessageKinds() {
  for (int type = 0; type < dynamo::kMessageTypeCount; ++type) {
    const std::string_view name = dynamo::MessageTypeName(static_cast<dynamo::MessageType>(type));
    SIM_CHECK(model_.RegisterMessageKind(name) == type, "message kinds registered out of order");
  }
  for (const auto& [name, latency] : scenario_.network.by_message) {
    MessageKind kind;
    if (model_.FindMessageKind(name, &kind)) model_.SetKindLatency(kind, latency);
  }
  model_.SetDropRate(scenario_.network.drop_rate);
  model_.SetDuplicateRate(scenario_.network.duplicate_rate);
}

dynamo::RingState Cluster::InitialRing(uint64_t seed) const {
  const dynamo::RingParams& params = node_config_.ring_params;
  const std::vector<ProcessId> initial(node_ids_.begin(),
                                       node_ids_.begin() + scenario_.cluster.nodes);
  dynamo::RingState state;
  state.epoch = 1;
  if (params.strategy == dynamo::PartitionStrategy::kEqualPartitions) {
    state.members = dynamo::MembersFromPartitionOwners(
        dynamo::InitialPartitionOwners(params.partitions, initial));
  } else {
    Prng tokens_prng(seed, "ring");
    for (ProcessId node : initial) {
      state.members.push_back(dynamo::RingMember{
          node, dynamo::RandomTokens(node_config_.tokens_per_node,
                                     [&tokens_prng] { return tokens_prng.NextU64(); })});
    }
  }
  SIM_CHECK(dynamo::Ring::IsValid(params, state.members), "ring could not be built");
  return state;
}

void Cluster::Start() {
  for (size_t i = 0; i < hosts_.size(); ++i) {
    if (life_[i] == NodeLife::kMember) hosts_[i]->Start();
  }
  for (auto& client : clients_) client->Start();
}

void Cluster::Join(ProcessId node) {
  SIM_CHECK(node < hosts_.size() && life_[node] == NodeLife::kNotJoined, "join of a node that exists");
  life_[node] = NodeLife::kMember;
  processes_.Restart(node);  // first start: the node has no ring and asks a seed to join
}

void Cluster::Leave(ProcessId node) {
  if (life_[node] != NodeLife::kMember) return;
  hosts_[node]->RequestLeave();
}

void Cluster::OnRingInstalled(ProcessId node, const dynamo::RingState& state,
                              const std::shared_ptr<const dynamo::Ring>& ring) {
  trace_.Record(scheduler_.NowUs(), node, trace_ring_installed_, state.epoch, state.author,
                state.members.size());
  if (!state.NewerThan(ring_state_)) return;
  ring_state_.epoch = state.epoch;
  ring_state_.author = state.author;
  ring_state_.members = state.members;
  ring_ = ring;
  ++ring_changes_;
  // Entry nodes follow the newest ring: joined nodes become entry nodes; a leaving node stops
  // being one as soon as it is off the ring.
  entry_nodes_.clear();
  for (auto& local : entry_nodes_by_datacenter_) local.clear();
  for (dynamo::NodeId member : ring->nodes()) {
    AddEntryNode(member);
    ever_on_ring_[member] = true;
  }
}

void Cluster::AddEntryNode(ProcessId node) {
  entry_nodes_.push_back(node);
  if (entry_nodes_by_datacenter_.empty()) return;
  const std::vector<uint32_t>& datacenter_of = node_config_.placement.datacenter_of_node;
  SIM_CHECK(node < datacenter_of.size(), "with datacenters every node is placed");
  entry_nodes_by_datacenter_[datacenter_of[node]].push_back(node);
}

void Cluster::OnLeaveComplete(ProcessId node) {
  if (life_[node] == NodeLife::kLeft) return;
  life_[node] = NodeLife::kLeft;
  trace_.Record(scheduler_.NowUs(), node, trace_left_);
  // The node calls from inside its own handler: stop it once the handler has returned.
  scheduler_.ScheduleAt(scheduler_.NowUs(), [this, node] { processes_.Crash(node); });
}

bool Cluster::FindProcess(const std::string& name, ProcessId* id) const {
  for (size_t i = 0; i < process_names_.size(); ++i) {
    if (process_names_[i] == name) {
      *id = static_cast<ProcessId>(i);
      return true;
    }
  }
  return false;
}

void Cluster::Deliver(ProcessId from, ProcessId to, MessageKind, dynamo::Message& message) {
  if (to < hosts_.size()) {
    dynamo::Node* node = hosts_[to]->node();
    SIM_CHECK(node != nullptr, "delivery to a node that is down");
    node->OnMessage(from, message);
    return;
  }
  clients_[to - hosts_.size()]->OnMessage(from, message);
}

namespace {

void AddNodeRepair(const dynamo::Node& node, RepairCounts* counts) {
  counts->hints_stored += node.replica().stats().hints_stored;
  counts->hints_delivered += node.hinted_handoff().stats().hints_delivered;
  counts->read_repairs += node.coordinator().stats().read_repairs_sent;
  counts->merkle_exchanges += node.anti_entropy().stats().trees_compared;
  counts->merkle_nodes_exchanged += node.anti_entropy().stats().nodes_exchanged;
  counts->keys_repaired += node.anti_entropy().stats().keys_repaired;
}

void AddNodeLoad(const dynamo::Node& node, NodeLoad* load) {
  load->client_requests += node.stats().client_requests;
  load->forwarded += node.stats().forwarded;
  load->gets_coordinated += node.coordinator().stats().gets_coordinated;
  load->puts_coordinated += node.coordinator().stats().puts_coordinated;
  load->gets_as_replica += node.replica().stats().gets_served;
  load->puts_as_replica += node.replica().stats().puts_served;
  load->hints_stored += node.replica().stats().hints_stored;
  load->hints_delivered += node.hinted_handoff().stats().hints_delivered;
  load->keys_repaired += node.anti_entropy().stats().keys_repaired;
}

}  // namespace

std::vector<NodeLoad> Cluster::NodeLoads() const {
  std::vector<NodeLoad> loads;
  for (size_t i = 0; i < hosts_.size(); ++i) {
    NodeLoad load = i < load_of_crashed_.size() ? load_of_crashed_[i] : NodeLoad{};
    load.node = process_names_[i];
    if (const dynamo::Node* node = hosts_[i]->node(); node != nullptr) AddNodeLoad(*node, &load);
    const dynamo::DurableState& disk = hosts_[i]->durable();
    load.keys_stored = disk.data.size();
    load.hints_held = 0;
    for (const auto& [owner, hints] : disk.hints) load.hints_held += hints.size();
    loads.push_back(std::move(load));
  }
  return loads;
}

RepairCounts Cluster::RepairTotals() const {
  RepairCounts counts = repair_of_crashed_;
  for (const auto& host : hosts_) {
    if (const dynamo::Node* node = host->node(); node != nullptr) AddNodeRepair(*node, &counts);
  }
  // client_library: clients coordinate gets, and read-repair, themselves.
  for (const auto& client : clients_) counts.read_repairs += client->stats().read_repairs_sent;
  return counts;
}

std::vector<MembershipOutcome> Cluster::MembershipOutcomes(
    const absl::btree_map<dynamo::Key, dynamo::Siblings>& final_versions) const {
  std::vector<MembershipOutcome> out;
  dynamo::Siblings scratch;
  for (const scenario::Fault& fault : scenario_.faults) {
    const bool join = fault.type == scenario::FaultType::kJoin;
    if (!join && fault.type != scenario::FaultType::kLeave) continue;
    for (const std::string& name : fault.nodes) {
      ProcessId id = 0;
      SIM_CHECK(FindProcess(name, &id), "a join or leave names a node");
      MembershipOutcome outcome{name, join ? "join" : "leave", fault.at_us};
      outcome.on_final_ring = ring_->HasNode(id);
      if (!join) {
        outcome.done = HasLeft(id);
      } else if (HasLeft(id)) {
        // Joined, then left (a later leave fault): the node cannot be on the final ring, so the
        // join is judged by whether it ever got onto a ring; its leave is judged on its own.
        outcome.left_later = true;
        outcome.done = ever_on_ring_[id];
      } else {
        // The keys the final replicas hold: a joiner that is one of them must hold each too.
        dynamo::Ring::NodeList top;
        for (const auto& [key, versions] : final_versions) {
          ring_->PreferenceList(key, node_config_.n, &top);
          if (std::find(top.begin(), top.end(), id) == top.end()) continue;
          outcome.keys_missing += hosts_[id]->ReplicaVersions(key, scratch).empty();
        }
        outcome.done = outcome.on_final_ring && outcome.keys_missing == 0;
      }
      out.push_back(std::move(outcome));
    }
  }
  return out;
}

std::vector<dynamo::Key> Cluster::WrittenKeys() const {
  absl::btree_set<dynamo::Key> written;
  for (const Op& op : history_.ops()) {
    if (op.type == OpType::kPut) written.insert(op.key);
  }
  return std::vector<dynamo::Key>(written.begin(), written.end());
}

absl::btree_map<dynamo::Key, dynamo::Siblings> Cluster::FinalReplicaVersions() const {
  const std::vector<KeyReplicas> keys = ReplicasOfKeys(*ring_, WrittenKeys(), node_config_.n);
  return ReadEveryReplica(
      keys,
      [this](dynamo::NodeId node, dynamo::Key key, dynamo::Siblings& scratch) {
        return hosts_[node]->ReplicaVersions(key, scratch);
      },
      node_config_.resolution);
}

void Cluster::OnCrash(ProcessId id) {
  SIM_CHECK(id < hosts_.size(), "only nodes crash");
  if (const dynamo::Node* node = hosts_[id]->node(); node != nullptr) {
    AddNodeRepair(*node, &repair_of_crashed_);
    if (load_of_crashed_.size() < hosts_.size()) load_of_crashed_.resize(hosts_.size());
    AddNodeLoad(*node, &load_of_crashed_[id]);
    repair_of_crashed_.unflushed_lost += node->replica().UnflushedVersions();
  }
  trace_.Record(scheduler_.NowUs(), id, trace_.kCrash);
  hosts_[id]->Stop();
}

void Cluster::OnRestart(ProcessId id) {
  trace_.Record(scheduler_.NowUs(), id, trace_.kRestart);
  hosts_[id]->Start();
}

void Cluster::OnWipe(ProcessId id) {
  trace_.Record(scheduler_.NowUs(), id, trace_.kWipe);
  hosts_[id]->WipeDisk();
}

}  // namespace sim
