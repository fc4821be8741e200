// Coordinator: the request state machines of paper section 5, for gets and puts this node
// coordinates.
//
//   1. send the request to the key's top N replicas (this node included, locally);
//   2. wait for R (get) or W (put) distinct answers;
//   3. fail if too few arrive within request_timeout, or at once when fewer healthy replicas
//      than R or W can be asked; every request is answered exactly once before it is forgotten;
//   4. gather the versions;
//   5. reconcile syntactically and build the context (the merged clock).
// After answering a get, it keeps waiting for the other replicas until all answered or the
// timeout, then writes the reconciled versions back to replicas that answered with less (read
// repair).
//
// Volatile: a crash forgets every pending request (clients see a timeout).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/failure_detector.h"
#include "dynamo/get_round.h"
#include "dynamo/quorum.h"
#include "dynamo/replica.h"
#include "dynamo/replica_targets.h"
#include "dynamo/ring.h"
#include "dynamo/ring_view.h"

namespace dynamo {


// A failed client_reply, from `self`, to the client request `request_id` for `key`.
Message ClientFailure(uint64_t request_id, Key key, NodeId self);

struct CoordinatorStats {
  uint64_t gets_coordinated = 0;
  uint64_t puts_coordinated = 0;
  uint64_t read_repairs_sent = 0;
  uint64_t failed_too_few_targets = 0;  // failed at once: fewer healthy targets than R or W
};

class Coordinator {
 public:
  // Keeps references; all must outlive the coordinator. `view` is this node's current ring (membership.h).
  Coordinator(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
              Replica& local, DurableState& durable, FailureDetector& failure_detector);

  // A get or put this node coordinates (from a client directly, or forwarded): the client's
  // request `request_id` for `key`. REQUIRES: this node has a ring.
  void Start(uint64_t request_id, Key key, const msg::ClientGet& get);
  void Start(uint64_t request_id, Key key, const msg::ClientPut& put);

  // Answers from replicas.
  void OnGetReply(NodeId from, Message& reply);
  void OnPutAck(NodeId from, const Message& ack);
  void OnTimer(TimerTag tag);

  const CoordinatorStats& stats() const { return stats_; }
  size_t pending() const { return gets_.size() + puts_.size(); }

 private:
  struct PendingGet {
    NodeId client = 0;
    uint64_t client_request_id = 0;
    GetRound round;
    TimerHandle timeout = kNoTimer;  // cancelled when the get is erased
  };
  struct PendingPut {
    NodeId client = 0;
    uint64_t client_request_id = 0;
    Key key = 0;
    Version version;
    QuorumTracker quorum;
    ReplicaTargets targets;
    bool answered = false;
    TimerHandle timeout = kNoTimer;  // cancelled when the put is erased
  };

  uint64_t NextRequestId();
  // The version a put writes, with a dot from the durable per-key counter (DurableState).
  Version NewVersion(Key key, const msg::ClientPut& put);
  void AnswerGet(PendingGet& get, bool ok);
  void FinishGet(uint64_t request_id, PendingGet& get);
  void AnswerPut(PendingPut& put, bool ok);
  // REQUIRES: the put is answered (every pending request is answered before it is erased).
  void ErasePut(absl::flat_hash_map<uint64_t, PendingPut>::iterator it);
  // Fewer healthy targets than the quorum: the client hears at once, no request is kept.
  void FailAtOnce(uint64_t request_id, Key key, NodeId client, const ReplicaTargets& targets,
                  size_t quorum, size_t primaries);
  void ChooseTargets(Key key, ReplicaTargets* targets) const;
  // Sends a get or put leg to every target; the coordinator's own replica is served in place.
  template <typename Leg>
  void SendToReplicas(uint64_t request_id, Key key, const Leg& leg, const ReplicaTargets& targets);
  // The request timed out: suspect every target that has not answered.
  void SuspectSilent(const ReplicaTargets& targets, const QuorumTracker& quorum);

  // Constant after construction.
  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  const RingView& view_;
  const Ring& ring() const { return view_.ring(); }
  Replica& local_;
  DurableState& durable_;
  FailureDetector& failure_detector_;
  const uint64_t request_id_base_;  // random per incarnation: stale replies never match

  // Volatile.
  uint64_t next_request_ = 0;
  // Looked up by id only, never iterated, so the hash order cannot reach behaviour.
  absl::flat_hash_map<uint64_t, PendingGet> gets_;
  absl::flat_hash_map<uint64_t, PendingPut> puts_;
  CoordinatorStats stats_;
};

}  // namespace dynamo
