// Which nodes a coordinator asks for a key (paper sections 4.5 and 4.6): "the first N healthy
// nodes" of the preference list. With a sloppy quorum, each top-N node the caller suspects is
// replaced by the next unsuspected node past the top N on the ring walk: a stand-in, which keeps
// the write as a hint for the node it replaces. With a strict quorum the top N are asked as they
// are (a suspected one simply will not answer). Pure: no Env.
#pragma once

#include <cstddef>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "dynamo/ring.h"
#include "dynamo/types.h"

namespace dynamo {

struct ReplicaTarget {
  NodeId node = 0;
  bool stand_in = false;  // not in the top N: holds writes as hints for `intended`
  NodeId intended = 0;    // the top-N node it replaces (== node when not a stand-in)
  friend bool operator==(const ReplicaTarget&, const ReplicaTarget&) = default;
};

using ReplicaTargets = absl::InlinedVector<ReplicaTarget, 8>;

// True if `node` is one of `targets`.
inline bool IsTarget(const ReplicaTargets& targets, NodeId node) {
  for (const ReplicaTarget& target : targets) {
    if (target.node == node) return true;
  }
  return false;
}

// True if `node` is one of `targets` and a primary: a top-N owner of the key, not a stand-in.
inline bool IsPrimaryTarget(const ReplicaTargets& targets, NodeId node) {
  for (const ReplicaTarget& target : targets) {
    if (target.node == node) return !target.stand_in;
  }
  return false;
}

// How many of `targets` are primaries (not stand-ins).
inline size_t PrimaryCount(const ReplicaTargets& targets) {
  size_t primaries = 0;
  for (const ReplicaTarget& target : targets) primaries += target.stand_in ? 0 : 1;
  return primaries;
}

// True if `targets` can make a quorum of `required` answers, `primaries` of them from primaries.
inline bool CanReach(const ReplicaTargets& targets, size_t required, size_t primaries) {
  return targets.size() >= required && PrimaryCount(targets) >= primaries;
}

// Replaces *out with the targets for `key`: the unsuspected top-N nodes in preference order,
// then (sloppy only) one stand-in per suspected top-N node, in order, while unsuspected nodes
// remain on the walk. Fewer than N targets when the ring runs out of healthy nodes.
void ChooseReplicaTargets(const Ring& ring, Key key, size_t n, bool sloppy,
                          absl::FunctionRef<bool(NodeId)> suspected, ReplicaTargets* out);

}  // namespace dynamo
