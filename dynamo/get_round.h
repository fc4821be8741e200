// GetRound: one get's round of replica replies (paper section 5, steps 2-5) and what they add up
// to: the quorum, the reconciled answer, and the read repairs owed once every target answered or
// the request timed out. Pure: no Env. The node's coordinator (coordinator.h) and a client library
// that coordinates its own gets (the simulator's `client_library` coordination, paper section
// 6.4) both keep one per get, so the two answer and repair a get exactly alike.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "dynamo/bugs.h"
#include "dynamo/message.h"
#include "dynamo/quorum.h"
#include "dynamo/reconcile.h"
#include "dynamo/replica_targets.h"
#include "dynamo/types.h"

namespace dynamo {

struct GetRound {
  // R replies, PR of them from primaries (quorum.h).
  GetRound(Key key, size_t r, size_t pr, ReplicaTargets targets)
      : key(key), quorum(r, pr, targets.size()), targets(std::move(targets)) {}

  // Records `from`'s reply; false for a duplicate (already answered). REQUIRES (checked): `from`
  // is one of the targets.
  bool Add(NodeId from, Siblings versions);

  Key key = 0;
  QuorumTracker quorum;
  ReplicaTargets targets;
  // In arrival order; N = 3 replies fit inline, so a get allocates nothing per reply.
  absl::InlinedVector<std::pair<NodeId, Siblings>, 3> replies;
  NodeId fastest = 0;                                // the first to answer
  bool answered = false;                             // the reader has had its answer
};

// The successful answer to a get with R replies: the syntactically reconciled versions, their
// merged context and the fastest replica. REQUIRES (checked): the quorum is reached.
msg::ClientReply ReconciledAnswer(const GetRound& round, ResolutionMode mode, const Bugs& bugs,
                                  NodeId coordinator);

// Read repair (paper section 5): a ReadRepair of the reconciled versions for every replica that
// answered with less, in reply order. Stand-ins are skipped: they hold hints, not the key.
std::vector<std::pair<NodeId, msg::ReadRepair>> ReadRepairs(const GetRound& round,
                                                            ResolutionMode mode, const Bugs& bugs);

// The legs of one request, built on the stack: up to N = 3 without a heap allocation (issue 12:
// no per-message allocation on the hot path).
using ReplicaLegList = absl::InlinedVector<std::pair<NodeId, Message>, 3>;

// A get or put leg to every target, in target order (`Leg`: msg::Get or msg::Put). A stand-in's
// leg names the node it stands in for. With buffered writes (paper section 6.1) one of the N
// replicas, the first target that is not a stand-in, writes the put durably; the others buffer it.
template <typename Leg>
ReplicaLegList ReplicaLegs(uint64_t request_id, Key key, const Leg& leg,
                           const ReplicaTargets& targets, bool buffered_writes);

}  // namespace dynamo
