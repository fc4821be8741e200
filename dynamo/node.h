// Node: one Dynamo storage node. Receives every message and timer of its process and hands each
// to the piece that owns it: client requests are coordinated here when this node is in the key's
// top N and forwarded to the first of the top N otherwise (paper section 4.5); replica requests
// go to the Replica; replies go to the Coordinator; gossip and membership changes to Membership;
// range transfers to RangeTransfer.
//
// A forward is acknowledged on arrival (forward_ack) and tracked by its sender (forwarder.h),
// which falls back to the next of the top N when one stays silent. Suspected nodes are pinged
// every failure-detector probe interval until they answer.
//
// A node routes by its own ring view (Membership). Without one (a new node before its join is
// served, or a wiped disk before gossip brings the ring back) it forwards client requests to a
// seed. A node asked to leave tells its environment (Env::LeaveComplete) once it is off the ring
// and every key it handed off was acknowledged.
//
// State, by what survives what:
//   constant:  id, configuration, Env;
//   volatile:  the coordinator's pending requests and forwards, the failure detector's suspicions, the gossiped
//              generations, pending range transfers (a crash destroys the Node object);
//   durable:   DurableState (data, hints, the ring), owned by the caller and handed to every
//              incarnation.
#pragma once

#include "dynamo/anti_entropy.h"
#include "dynamo/coordinator.h"
#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/failure_detector.h"
#include "dynamo/forwarder.h"
#include "dynamo/hinted_handoff.h"
#include "dynamo/membership.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/range_transfer.h"
#include "dynamo/replica.h"
#include "dynamo/ring.h"

namespace dynamo {


// How many times a client request may be forwarded before a node outside its top N fails it.
// Views that disagree (a membership change still spreading) need at most one more hop; the
// limit only stops a request from circling while they do.
inline constexpr uint32_t kMaxForwardHops = 3;

struct NodeStats {
  uint64_t client_requests = 0;         // client_get / client_put received
  uint64_t forwarded = 0;               // requests (client or forwarded) this node forwarded
  uint64_t forward_hops_exhausted = 0;  // failed: still outside the top N after the hop limit
};

class Node : private Membership::Listener {
 public:
  // Keeps references; all must outlive the node. The node's ring is the one `durable` holds
  // (none: it joins through a seed); config.ring_params says how to build it.
  Node(NodeId self, const NodeConfig& config, Env& env, DurableState& durable);

  void OnMessage(NodeId from, Message& message);
  void OnTimer(TimerTag tag);
  // The administrator decommissions this node: it leaves the ring, hands its keys off, then
  // calls Env::LeaveComplete.
  void RequestLeave() { membership_.RequestLeave(); }

  NodeId id() const { return self_; }
  const Replica& replica() const { return replica_; }
  const Coordinator& coordinator() const { return coordinator_; }
  const AntiEntropy& anti_entropy() const { return anti_entropy_; }
  const HintedHandoff& hinted_handoff() const { return hinted_handoff_; }
  const FailureDetector& failure_detector() const { return failure_detector_; }
  const Membership& membership() const { return membership_; }
  const RangeTransfer& range_transfer() const { return range_transfer_; }
  const Forwarder& forwarder() const { return forwarder_; }
  const NodeStats& stats() const { return stats_; }

 private:
  // A client request (Request: msg::ClientGet or msg::ClientPut) arrived from its client or,
  // forwarded `hops` times, from another node: coordinate it or forward it (node.cc).
  template <typename Request>
  void Route(uint64_t request_id, Key key, Request request, uint32_t hops, bool forwarded);
  // Acknowledges a forward this node takes over; false if it cannot route it (no ring).
  bool TakeOverForward(NodeId from, uint64_t request_id, NodeId client);
  // Membership::Listener
  void OnRingChanged(const Ring* before, const Ring& now) override;
  // Tells the environment once the requested leave is complete.
  void CheckLeaveComplete();
  // Pings every suspected node (failure_detector.h) and re-arms.
  void Probe();

  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  FailureDetector failure_detector_;
  Replica replica_;
  Membership membership_;  // before the pieces that route by its view
  Coordinator coordinator_;
  HintedHandoff hinted_handoff_;
  AntiEntropy anti_entropy_;
  RangeTransfer range_transfer_;
  Forwarder forwarder_;
  bool leave_reported_ = false;
  NodeStats stats_;
};

}  // namespace dynamo
