// Strategy 3 (paper section 6.2): who owns each of the Q equal partitions, and how ownership
// moves when a node joins or leaves. An assignment is a vector `owners` with owners[p] = the node
// owning partition p. Every function keeps each node at floor(Q/S) or ceil(Q/S) partitions
// (S = number of owners) and moves as few partitions as that balance allows; partitions that are
// not reassigned stay with their owner.
//
// - Initial: round-robin in node-id order, owners[p] = nodes[p % S], as in Riak. Consecutive
//   partitions then have distinct owners, so a preference list is N consecutive partitions.
// - Join: the new node takes floor(Q/(S+1)) partitions, one at a time, each from a node that
//   currently has the most. Ties are served round-robin in node-id order: the first tied node
//   after the previous donor (wrapping; the lowest id for the first pick).
//   Which of the donor's partitions moves is drawn uniformly from the caller's random source
//   (the paper: tokens move "randomly" while the balance is preserved).
// - Leave: the leaving node's partitions, in ascending order, each go to a remaining node that
//   currently has the fewest, ties served round-robin as for join. No randomness is needed.
// Both keep balance only if the input is balanced (every count floor or ceil of Q/S), which
// InitialPartitionOwners and these functions guarantee.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/ring.h"
#include "dynamo/types.h"

namespace dynamo {

// Round-robin assignment of `partitions` to `nodes`.
// REQUIRES: nodes sorted strictly ascending, 1 <= nodes.size() <= partitions.
std::vector<NodeId> InitialPartitionOwners(uint32_t partitions, absl::Span<const NodeId> nodes);

// Moves floor(Q/(S+1)) partitions to `joining`. Calls `random` once per moved partition.
// REQUIRES: owners non-empty, joining owns nothing, Q >= S+1.
void AddPartitionOwner(NodeId joining, absl::FunctionRef<uint64_t()> random,
                       std::vector<NodeId>* owners);

// Hands every partition of `leaving` to the remaining nodes.
// REQUIRES: leaving owns at least one partition and another node owns at least one.
void RemovePartitionOwner(NodeId leaving, std::vector<NodeId>* owners);

// The ring members for an assignment: each node with the ends of its partitions as tokens,
// members sorted by node id. Ring(RingParams{kEqualPartitions, owners.size()}, result) is valid.
// REQUIRES: owners non-empty.
std::vector<RingMember> MembersFromPartitionOwners(absl::Span<const NodeId> owners);

// The inverse: owners[p] of a strategy-3 ring. REQUIRES: ring.strategy() == kEqualPartitions.
std::vector<NodeId> PartitionOwnersOf(const Ring& ring);

// Uniform integer in [0, bound) from one 64-bit draw, by multiply-shift (Lemire). The bias is
// below bound / 2^64, negligible for partition counts. REQUIRES: bound >= 1.
uint64_t UniformBelow(uint64_t bound, absl::FunctionRef<uint64_t()> random);

}  // namespace dynamo
