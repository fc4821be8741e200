// Membership: gossip of the ring and of node generations, and explicit join and leave (paper
// sections 4.8 and 4.9). Each node routes by its own view, which may be stale for a while.
//
// What a node knows:
//   ring (durable, DurableState::ring): the token map with its version (ring_state.h). A node
//        starts from what its disk holds; a new node or a wiped disk holds nothing.
//   generations (volatile): node -> the generation of its latest incarnation, as gossiped. A
//        node takes the next generation of a durable counter (DurableState::generation) at every
//        start, so a restart is news that spreads by gossip; learning a newer generation of a
//        node ends the local suspicion of it (failure_detector.h), so peers use a restarted node
//        again at once instead of at the next probe.
//
// Gossip round, every gossip_interval (first at a random offset, or at once for a node without
// a ring): pick a peer, a random other ring member, but a seed on the first round after a start
// and every kSeedRoundEvery-th round, so views cannot drift into logically partitioned islands
// (the paper's seeds); send `gossip` with the generations and the ring's (epoch, author). The
// peer merges the generations and answers `gossip_reply` with its own, plus its ring when newer,
// or want_ring when the initiator's is newer, which the initiator then pushes (`gossip`, ok).
// A ring is installed only when newer than the node's own (ring_state.h).
//
// Membership changes (the administrator's join and leave) are served by one node with a ring,
// for the administrator: a seed, or the leaving node itself when it is a seed. The requester
// sends `membership_change` to a seed every round until its view shows the change:
//   join:  a node whose ring is empty or lacks it. Strategies 1 and 2: it draws tokens_per_node
//          random tokens and sends them; the seed adds it with those (tokens already on the ring
//          are dropped). Strategy 3: the seed moves floor(Q/(S+1)) partitions to it
//          (partition_assignment.h). A wiped node asking again is simply sent the ring.
//   leave: after RequestLeave. The seed removes the node (strategy 3: its partitions go to the
//          others); refused if fewer than N nodes would remain.
// The seed installs the new ring (epoch + 1) and answers `membership_reply` with it; gossip
// carries it to everyone else. Installing a ring calls the listener with the ring before, so the
// node can hand off the keys it no longer replicates (range_transfer.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/failure_detector.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/ring.h"
#include "dynamo/ring_view.h"

namespace dynamo {

// One round in this many gossips with a seed (besides the first round after a start).
inline constexpr uint64_t kSeedRoundEvery = 4;
// Node ids are dense indexes (the simulator numbers nodes from 0); a larger one is a bug.
inline constexpr NodeId kMaxNodeIds = NodeId{1} << 20;

struct MembershipStats {
  uint64_t gossip_rounds = 0;     // rounds that sent a gossip
  uint64_t rings_installed = 0;   // newer rings taken from gossip, replies or changes served
  uint64_t changes_served = 0;    // joins and leaves this node applied as the serving node
  uint64_t change_requests = 0;   // membership_change messages sent
};

class Membership {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    // A newer ring is in force; `before` is the previous one, nullptr if the node had none.
    virtual void OnRingChanged(const Ring* before, const Ring& now) = 0;
  };

  // Keeps references; all must outlive this object.
  Membership(NodeId self, const NodeConfig& config, Env& env, DurableState& durable,
             FailureDetector& failure_detector, Listener& listener);

  // Takes a new generation and starts the gossip rounds.
  void Start();
  // The administrator asked this node to leave; asked again every round until done.
  void RequestLeave();

  // REQUIRES: the message is one of the four membership types.
  void OnMessage(NodeId from, const Message& message);
  // REQUIRES: tag.kind == TimerKind::kGossip.
  void OnTimer(TimerTag tag);

  // The node's current ring, kept up to date as newer rings are installed.
  const RingView& view() const { return view_; }
  bool has_ring() const { return view_.has_ring(); }
  // REQUIRES: has_ring().
  const Ring& ring() const { return view_.ring(); }
  uint64_t epoch() const { return durable_.ring.epoch; }
  // Whether this node is on its own ring.
  bool IsMember() const { return durable_.ring.HasMember(self_); }
  bool leave_requested() const { return leave_requested_; }
  // `node`'s generation as this node knows it; nullopt if it has not heard of `node`.
  std::optional<uint64_t> generation_of(NodeId node) const;
  const MembershipStats& stats() const { return stats_; }

  // Sends one gossip to `peer` now (what a round does after choosing); for tests.
  void GossipWith(NodeId peer);

 private:
  void Round();
  // A random seed other than this node; false if there is none.
  bool PickSeed(NodeId* seed);
  // A random ring member other than this node; false if there is none.
  bool PickMember(NodeId* member);
  void MergeGenerations(const std::vector<std::pair<NodeId, uint64_t>>& generations);
  // REQUIRES: generation > 0 and node < kMaxNodeIds.
  void SetGeneration(NodeId node, uint64_t generation);
  // This node's generation table, and its ring's version (with its members if `with_ring`).
  std::vector<std::pair<NodeId, uint64_t>> Generations() const;
  RingState RingToSend(bool with_ring) const;
  void RequestChange(MembershipChangeKind change);
  // Applies a change as the serving node; true if the ring changed.
  bool ServeChange(MembershipChangeKind change, NodeId node,
                   const std::vector<RingPosition>& tokens);
  // Installs `state` if it is newer than the node's ring and builds a valid ring.
  void Install(const RingState& state);

  // Constant after construction.
  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  DurableState& durable_;
  FailureDetector& failure_detector_;
  Listener& listener_;

  // Volatile.
  RingView view_;  // built from durable_.ring
  // node -> generation as this node knows them, by NodeId (ids are dense: node indexes); 0 = not
  // heard of (every generation is at least 1). A vector, not a sorted map: every gossip merges a
  // peer's whole table, so this is O(nodes^2) per gossip interval over the cluster (issue 12).
  std::vector<uint64_t> generations_;
  uint64_t rounds_ = 0;
  bool leave_requested_ = false;
  std::vector<RingPosition> join_tokens_;  // drawn once per incarnation, strategies 1 and 2
  MembershipStats stats_;
};

}  // namespace dynamo
