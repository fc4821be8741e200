// A key's replicas and how the checkers read them (design.md, "Oracle rule": every final check
// decides from what a client could read, the replicas of the final ring, never from state no read
// can reach, such as undelivered hints or stray copies on nodes that are not replicas).
//
// A key's replicas are the first N distinct nodes of its preference list on a ring (the newest
// one). A replica's versions of a key come from one reader, which the simulator implements with
// NodeHost::ReplicaVersions (dynamo/replica_versions.h: data plus write buffer, no hints), so the
// convergence sampler and the final read agree with the node's own get path.
//
// Pure: the caller says how to read one replica, so tests build replicas by hand.
#pragma once

#include <vector>

#include "absl/container/btree_map.h"
#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/reconcile.h"
#include "dynamo/ring.h"
#include "dynamo/version.h"

namespace sim {

struct KeyReplicas {
  dynamo::Key key = 0;
  dynamo::Ring::NodeList replicas;  // first N distinct nodes of the preference list
};

// Reads `node`'s versions of `key`, in canonical order. May fill and return `scratch` when the
// versions are not stored contiguously (a node's data and its write buffer).
using ReplicaReader = absl::FunctionRef<absl::Span<const dynamo::Version>(
    dynamo::NodeId node, dynamo::Key key, dynamo::Siblings& scratch)>;

// The replicas of each key, keys ascending, from `ring`. REQUIRES: keys ascending.
std::vector<KeyReplicas> ReplicasOfKeys(const dynamo::Ring& ring, absl::Span<const dynamo::Key> keys,
                                        size_t n);

// Each key's versions as a get with R = N would return them: every replica's versions, in
// preference-list order, merged by syntactic reconciliation under `mode` as the coordinator
// merges its replies. Keys no replica holds are left out (a read of them returns nothing).
absl::btree_map<dynamo::Key, dynamo::Siblings> ReadEveryReplica(absl::Span<const KeyReplicas> keys,
                                                                ReplicaReader read,
                                                                dynamo::ResolutionMode mode);

}  // namespace sim
