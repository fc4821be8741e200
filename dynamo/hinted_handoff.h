// HintedHandoff: the stand-in's side of paper section 4.6. Versions a node stored as a stand-in
// for an unreachable owner sit in DurableState::hints, apart from its own data (the Replica puts
// them there). Every retry interval this node offers each owner it does not suspect the hinted
// versions of up to kMaxKeysPerOwnerPerRound keys; the owner stores them and acknowledges with
// the digest it received; a key's hint is deleted only when that digest still matches (a newer
// hint for the key that arrived meanwhile stays for the next round).
//
// Hints whose owner is no longer a member of the node's current ring (it left) are re-filed
// before each round: a hint goes to the key's current owner (the first of its top N on the
// current ring), or into this node's own data if it is now one of the key's replicas itself. So
// no hint waits forever for a node that will never answer.
#pragma once

#include <cstdint>

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/failure_detector.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/ring_view.h"

namespace dynamo {


struct HintedHandoffStats {
  uint64_t delivery_rounds = 0;
  uint64_t hints_offered = 0;    // hinted_handoff messages sent (one key each)
  uint64_t hints_delivered = 0;  // keys acknowledged by their owner and deleted here
  uint64_t hints_refiled = 0;    // keys whose owner left, re-filed for the current owner
};

class HintedHandoff {
 public:
  static constexpr int kMaxKeysPerOwnerPerRound = 64;

  // Keeps references; all must outlive this object.
  HintedHandoff(NodeId self, const NodeConfig& config, Env& env, DurableState& durable,
                const FailureDetector& failure_detector, const RingView& view)
      : self_(self),
        config_(config),
        env_(env),
        durable_(durable),
        failure_detector_(failure_detector),
        view_(view) {}

  // Arms the first delivery round (when hinted handoff is enabled).
  void Start();
  // A delivery round; re-arms itself.
  void OnTimer();
  // The owner stored a delivered key.
  void OnAck(NodeId owner, const Message& ack);

  const HintedHandoffStats& stats() const { return stats_; }
  // Hinted keys held, over all owners.
  uint64_t HintsHeld() const;

 private:
  // Re-files the hints of owners that are not members of the current ring.
  void RefileDeparted();

  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  DurableState& durable_;
  const FailureDetector& failure_detector_;
  const RingView& view_;
  HintedHandoffStats stats_;  // volatile
};

}  // namespace dynamo
