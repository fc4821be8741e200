// Replica: the storage side of a node. Answers get and put requests from coordinators against
// the node's durable store and applies read repairs (paper sections 4.5 and 5). Replies leave
// after the configured storage latency.
#pragma once

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"

namespace dynamo {

struct ReplicaStats {
  uint64_t hints_stored = 0;  // puts stored as a stand-in, in the hint store
};

class Replica {
 public:
  // Keeps references; all must outlive the replica.
  Replica(const NodeConfig& config, Env& env, DurableState& durable)
      : config_(config), env_(env), durable_(durable) {}

  // REQUIRES: message.type is kGet, kPut, kReadRepair or kHintedHandoff.
  void Handle(NodeId from, const Message& message);

  const ReplicaStats& stats() const { return stats_; }

  // The versions this replica holds for `key` in its own data (empty if none).
  absl::Span<const Version> Read(Key key) const { return durable_.data.Get(key); }

 private:
  void HandleGet(NodeId from, const Message& message);
  void HandlePut(NodeId from, const Message& message);
  void HandleReadRepair(const Message& message);
  void HandleHintedHandoff(NodeId from, const Message& message);

  const NodeConfig& config_;
  Env& env_;
  DurableState& durable_;
  ReplicaStats stats_;  // volatile
};

}  // namespace dynamo
