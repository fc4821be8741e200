// Node: one Dynamo storage node. Receives every message and timer of its process and hands each
// to the piece that owns it: client requests are coordinated here when this node is in the key's
// top N and forwarded to the first of the top N otherwise (paper section 4.5); replica requests
// go to the Replica; replies go to the Coordinator.
//
// State, by what survives what:
//   constant:  id, configuration, Env;
//   volatile:  the coordinator's pending requests, the failure detector's suspicions (a crash
//              destroys the Node object);
//   durable:   DurableState, owned by the caller and handed to every incarnation.
#pragma once

#include "dynamo/anti_entropy.h"
#include "dynamo/coordinator.h"
#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/failure_detector.h"
#include "dynamo/hinted_handoff.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/replica.h"
#include "dynamo/ring.h"

namespace dynamo {

struct NodeStats {
  uint64_t client_requests = 0;  // client_get / client_put received
  uint64_t forwarded = 0;        // of those, forwarded to a top-N coordinator
};

class Node {
 public:
  // Keeps references; all must outlive the node. `ring` is the node's membership view.
  Node(NodeId self, const NodeConfig& config, Env& env, const Ring& ring, DurableState& durable);

  void OnMessage(NodeId from, Message& message);
  void OnTimer(TimerTag tag);

  NodeId id() const { return self_; }
  const Replica& replica() const { return replica_; }
  const Coordinator& coordinator() const { return coordinator_; }
  const AntiEntropy& anti_entropy() const { return anti_entropy_; }
  const HintedHandoff& hinted_handoff() const { return hinted_handoff_; }
  const FailureDetector& failure_detector() const { return failure_detector_; }
  const NodeStats& stats() const { return stats_; }

 private:
  void OnClientRequest(Message& message, bool forwarded);

  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  const Ring& ring_;
  FailureDetector failure_detector_;
  Replica replica_;
  Coordinator coordinator_;
  HintedHandoff hinted_handoff_;
  AntiEntropy anti_entropy_;
  NodeStats stats_;
};

}  // namespace dynamo
