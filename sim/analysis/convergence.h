// Replica agreement (design.md, "Convergence"): whether every replica of every written key holds
// the same versions. A key's replicas are the first N distinct nodes of its preference list on
// the cluster's ring; "the same versions" is equality of the canonical sibling lists (value,
// clock, timestamp and dot alike), so two replicas that would reconcile to the same answer but
// store it differently still count as divergent: anti-entropy has not finished with them.
//
// Pure: the caller says how to read one replica's versions of one key, so tests build replicas by
// hand and the simulator reads live node state (sim/convergence_monitor.h).
#pragma once

#include <optional>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/ring.h"
#include "dynamo/version.h"
#include "sim/run_result.h"

namespace sim {

struct KeyReplicas {
  dynamo::Key key = 0;
  dynamo::Ring::NodeList replicas;  // first N distinct nodes of the preference list
};

// Reads `node`'s versions of `key`, in canonical order. May fill and return `scratch` when the
// versions are not stored contiguously (a node's data and its write buffer).
using ReplicaReader = absl::FunctionRef<absl::Span<const dynamo::Version>(
    dynamo::NodeId node, dynamo::Key key, dynamo::Siblings& scratch)>;

// The replicas of each written key, keys ascending, from `ring`. REQUIRES: keys ascending.
std::vector<KeyReplicas> ReplicasOfKeys(const dynamo::Ring& ring, absl::Span<const dynamo::Key> keys,
                                        size_t n);

// The first key of `keys` (in order) whose replicas do not all hold the same versions, with what
// each replica holds; nullopt when all agree.
std::optional<Divergence> FindDivergence(absl::Span<const KeyReplicas> keys, ReplicaReader read);

}  // namespace sim
