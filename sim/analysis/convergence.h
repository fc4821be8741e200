// Replica agreement (design.md, "Convergence"): whether every replica of every written key holds
// the same versions. A key's replicas are the first N distinct nodes of its preference list on
// the cluster's newest ring (key_replicas.h); "the same versions" is equality of the canonical
// sibling lists (value, clock, timestamp and dot alike), so two replicas that would reconcile to
// the same answer but store it differently still count as divergent: anti-entropy has not
// finished with them.
//
// Pure: the caller says how to read one replica's versions of one key, so tests build replicas by
// hand and the simulator reads live node state (sim/convergence_monitor.h).
#pragma once

#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "sim/analysis/key_replicas.h"
#include "sim/run_result.h"

namespace sim {

// The first key of `keys` (in order) whose replicas do not all hold the same versions, with what
// each replica holds; nullopt when all agree.
std::optional<Divergence> FindDivergence(absl::Span<const KeyReplicas> keys, ReplicaReader read);

}  // namespace sim
