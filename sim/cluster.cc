#include "sim/cluster.h"

#include "dynamo/partition_assignment.h"
#include "dynamo/reconcile.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

dynamo::NodeConfig MakeNodeConfig(const scenario::Scenario& scenario) {
  const scenario::Cluster& cluster = scenario.cluster;
  dynamo::NodeConfig config;
  config.n = static_cast<size_t>(cluster.replication.n);
  config.r = static_cast<size_t>(cluster.replication.r);
  config.w = static_cast<size_t>(cluster.replication.w);
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

Cluster::Cluster(const scenario::Scenario& scenario, uint64_t seed)
    : scenario_(scenario),
      node_config_(MakeNodeConfig(scenario)),
      processes_(scheduler_),
      model_(Prng(seed, "network"), scenario.network.latency),
      network_(scheduler_, processes_, trace_, model_, *this),
      keys_(MakeKeyChooser(scenario.workload)) {
  processes_.set_observer(this);
  RegisterMessageKinds();
  const int nodes = scenario.cluster.nodes;
  for (int i = 0; i < nodes; ++i) {
    node_ids_.push_back(processes_.Add());
    process_names_.push_back(scenario.cluster.node_names[i]);
  }
  BuildRing(seed);
  const NodeHostWorld node_world{scheduler_, processes_, network_, node_config_, *ring_,
                                 scenario.storage.read_latency, scenario.storage.write_latency};
  for (int i = 0; i < nodes; ++i) {
    hosts_.push_back(std::make_unique<NodeHost>(node_world, node_ids_[i], seed,
                                                process_names_[i]));
  }
  const ClientWorld client_world{scheduler_, processes_, network_, history_,
                                 scenario,   *ring_,     keys_,    node_ids_};
  for (int i = 0; i < scenario.workload.clients; ++i) {
    const ProcessId id = processes_.Add();
    process_names_.push_back("c" + std::to_string(i + 1));
    clients_.push_back(std::make_unique<Client>(client_world, static_cast<uint32_t>(i), id, seed));
  }
  model_.EnsureEndpoints(processes_.size());
  // The fixed delays most timers use: FIFO lanes keep them out of the event heap.
  scheduler_.ReserveLane(scenario.cluster.request_timeout_us);
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

void Cluster::BuildRing(uint64_t seed) {
  const scenario::Partitioning& partitioning = scenario_.cluster.partitioning;
  dynamo::RingParams params;
  params.strategy = static_cast<dynamo::PartitionStrategy>(partitioning.strategy);
  params.partitions = static_cast<uint32_t>(partitioning.partitions);
  std::vector<dynamo::RingMember> members;
  if (params.strategy == dynamo::PartitionStrategy::kEqualPartitions) {
    members = dynamo::MembersFromPartitionOwners(
        dynamo::InitialPartitionOwners(params.partitions, node_ids_));
  } else {
    Prng tokens_prng(seed, "ring");
    for (ProcessId node : node_ids_) {
      members.push_back(dynamo::RingMember{
          node, dynamo::RandomTokens(static_cast<size_t>(partitioning.tokens_per_node),
                                     [&tokens_prng] { return tokens_prng.NextU64(); })});
    }
  }
  SIM_CHECK(dynamo::Ring::IsValid(params, members), "ring could not be built");
  ring_ = std::make_unique<dynamo::Ring>(params, members);
}

void Cluster::Start() {
  for (auto& host : hosts_) host->Start();
  for (auto& client : clients_) client->Start();
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
  clients_[to - hosts_.size()]->OnMessage(message);
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
  return counts;
}

absl::btree_map<dynamo::Key, dynamo::Siblings> Cluster::FinalVersions() const {
  absl::btree_map<dynamo::Key, dynamo::Siblings> all;
  auto add = [&](const dynamo::VersionedStore& store) {
    for (const auto& [key, versions] : store.entries()) {
      for (const dynamo::Version& version : versions) {
        dynamo::Reconcile(all[key], version, node_config_.resolution);
      }
    }
  };
  for (const auto& host : hosts_) {
    const dynamo::DurableState& disk = host->durable();
    add(disk.data);
    for (const auto& [owner, hints] : disk.hints) add(hints);
    if (const dynamo::Node* node = host->node(); node != nullptr) {
      for (const auto& [key, versions] : node->replica().buffer().entries()) {
        for (const dynamo::Version& version : versions) {
          dynamo::Reconcile(all[key], version, node_config_.resolution);
        }
      }
    }
  }
  return all;
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
