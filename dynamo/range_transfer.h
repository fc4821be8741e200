// RangeTransfer: when the ring changes, a node hands the keys it no longer replicates to the
// nodes that now do (paper section 4.9: "the nodes that previously owned the key ranges now owned
// by the new node will offer to and upon confirmation from X, transfer the appropriate set of
// keys"). This is what feeds a joining node its ranges and what a leaving node does before it
// stops.
//
// On a ring change (before -> now), for every key the node holds (its data, write buffer and
// hints): if the node was in the key's top N before and is not now, it sends its versions to
// each node in the new top N that was not in the old one. A node that is off the ring (leaving)
// also sends the hinted versions it holds to their intended owners, or, for an owner that is no
// longer a member, to the key's current top N. Each (destination, key) stays pending until
// `range_transfer_ack` arrives and is sent again every retry interval (the hint retry interval);
// versions are read afresh each time, so a resend carries what the node holds then. A pending
// destination that is no longer a member of the node's current ring (it left meanwhile) is
// dropped and the key re-targeted to its current top N, so a transfer never waits for a node
// that will never answer (and a leave waiting for it always finishes). The receiver reconciles the versions into its data.
// The sender keeps its copy: stray copies change no quorum and anti-entropy ignores them.
// Writes that still arrive by stale views (OnStrayWrite) are handed on to the key's replicas.
//
// Volatile: a crash forgets what is pending (the keys stay on disk; anti-entropy and read
// repair cover what a transfer did not deliver).
#pragma once

#include <cstdint>
#include <utility>

#include "absl/container/btree_set.h"
#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/replica.h"
#include "dynamo/ring.h"
#include "dynamo/ring_view.h"

namespace dynamo {


struct RangeTransferStats {
  uint64_t keys_sent = 0;      // range_transfer messages sent, resends included
  uint64_t keys_acked = 0;     // (destination, key) pairs acknowledged
  uint64_t keys_received = 0;  // range_transfer messages received
  uint64_t keys_changed = 0;   // of those, keys whose stored siblings changed
};

class RangeTransfer {
 public:
  // Keeps references; all must outlive this object.
  RangeTransfer(NodeId self, const NodeConfig& config, Env& env, DurableState& durable,
                const Replica& local, const RingView& view);

  // REQUIRES: now is the ring just installed, before the one it replaced (nullptr: none).
  void OnRingChanged(const Ring* before, const Ring& now);
  // A write reached this node by a stale view: the node is not in the key's top N on `now` (its
  // own ring). Hands the key to that top N as a transfer would, so a write that arrives after
  // the hand-off (or at a node about to leave) is not stranded.
  void OnStrayWrite(const Ring& now, Key key);
  // REQUIRES: message.type is kRangeTransfer or kRangeTransferAck.
  void OnMessage(NodeId from, const Message& message);
  // REQUIRES: tag.kind == TimerKind::kRangeTransfer.
  void OnTimer(TimerTag tag);

  // Nothing waits for an acknowledgement.
  bool idle() const { return pending_.empty(); }
  size_t pending() const { return pending_.size(); }
  const RangeTransferStats& stats() const { return stats_; }

 private:
  void Enqueue(NodeId to, Key key);
  // Queues `key` for each node of its top N on `ring` other than this one, unless this node is
  // among them (then it is a replica itself and keeps the key).
  void EnqueueToTopN(const Ring& ring, Key key);
  // Drops pending destinations that are not members of `ring` and re-targets their keys.
  void RetargetDeparted(const Ring& ring);
  void ArmTimer();
  void Send(NodeId to, Key key);
  // Everything this node holds of `key`: its replica versions (data and write buffer,
  // replica_versions.h) and the hints it keeps for others, reconciled.
  Siblings LocalVersions(Key key) const;

  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  DurableState& durable_;
  const Replica& local_;
  const RingView& view_;

  // Volatile. (destination, key) pairs; ordered, so resends go out in a fixed order.
  absl::btree_set<std::pair<NodeId, Key>> pending_;
  bool timer_armed_ = false;
  RangeTransferStats stats_;
};

}  // namespace dynamo
