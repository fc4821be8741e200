#include "dynamo/partition_assignment.h"

#include <functional>
#include <optional>

#include "absl/container/btree_map.h"
#include "dynamo/check.h"
#include "dynamo/equal_partitions.h"

namespace dynamo {
namespace {

using Counts = absl::btree_map<NodeId, uint32_t>;

Counts CountPartitions(absl::Span<const NodeId> owners) {
  Counts counts;
  for (NodeId owner : owners) ++counts[owner];
  return counts;
}

// Among the nodes whose count is best by `better` (a strict order on counts), the first one after
// `previous` in id order, wrapping around: ties are served round-robin. `previous` may be absent.
template <typename Better>
NodeId PickRoundRobin(const Counts& counts, std::optional<NodeId> previous, Better better) {
  uint32_t best = counts.begin()->second;
  for (const auto& [node, count] : counts) {
    if (better(count, best)) best = count;
  }
  std::optional<NodeId> first_tied;
  for (const auto& [node, count] : counts) {
    if (count != best) continue;
    if (!first_tied.has_value()) first_tied = node;
    if (previous.has_value() && node > *previous) return node;
  }
  return *first_tied;
}

// The index of the `rank`-th (0-based) partition owned by `node`, in ascending order.
uint32_t NthPartitionOf(absl::Span<const NodeId> owners, NodeId node, uint64_t rank) {
  for (uint32_t p = 0; p < owners.size(); ++p) {
    if (owners[p] != node) continue;
    if (rank == 0) return p;
    --rank;
  }
  DYNAMO_CHECK(false, "node owns fewer partitions than its count");
  return 0;
}

}  // namespace

uint64_t UniformBelow(uint64_t bound, absl::FunctionRef<uint64_t()> random) {
  DYNAMO_CHECK(bound >= 1, "UniformBelow needs a positive bound");
  using Uint128 = unsigned __int128;
  return static_cast<uint64_t>((Uint128{random()} * bound) >> 64);
}

std::vector<NodeId> InitialPartitionOwners(uint32_t partitions, absl::Span<const NodeId> nodes) {
  DYNAMO_CHECK(!nodes.empty() && nodes.size() <= partitions, "need 1 <= nodes <= partitions");
  for (size_t i = 1; i < nodes.size(); ++i) {
    DYNAMO_CHECK(nodes[i - 1] < nodes[i], "nodes must be sorted and distinct");
  }
  std::vector<NodeId> owners(partitions);
  for (uint32_t p = 0; p < partitions; ++p) owners[p] = nodes[p % nodes.size()];
  return owners;
}

void AddPartitionOwner(NodeId joining, absl::FunctionRef<uint64_t()> random,
                       std::vector<NodeId>* owners) {
  Counts counts = CountPartitions(*owners);
  DYNAMO_CHECK(!counts.empty(), "cannot join an empty assignment");
  DYNAMO_CHECK(!counts.contains(joining), "joining node already owns partitions");
  const size_t nodes_after = counts.size() + 1;
  DYNAMO_CHECK(owners->size() >= nodes_after, "fewer partitions than nodes");
  const size_t to_move = owners->size() / nodes_after;
  std::optional<NodeId> donor;
  for (size_t moved = 0; moved < to_move; ++moved) {
    donor = PickRoundRobin(counts, donor, std::greater<uint32_t>());
    const uint64_t rank = UniformBelow(counts[*donor], random);
    (*owners)[NthPartitionOf(*owners, *donor, rank)] = joining;
    --counts[*donor];
  }
}

void RemovePartitionOwner(NodeId leaving, std::vector<NodeId>* owners) {
  Counts counts = CountPartitions(*owners);
  DYNAMO_CHECK(counts.erase(leaving) == 1, "leaving node owns no partition");
  DYNAMO_CHECK(!counts.empty(), "the last node cannot leave");
  std::optional<NodeId> recipient;
  for (NodeId& owner : *owners) {
    if (owner != leaving) continue;
    recipient = PickRoundRobin(counts, recipient, std::less<uint32_t>());
    owner = *recipient;
    ++counts[owner];
  }
}

std::vector<RingMember> MembersFromPartitionOwners(absl::Span<const NodeId> owners) {
  DYNAMO_CHECK(!owners.empty(), "no partitions");
  const auto partitions = static_cast<uint32_t>(owners.size());
  absl::btree_map<NodeId, std::vector<RingPosition>> tokens;
  for (uint32_t p = 0; p < partitions; ++p) {
    tokens[owners[p]].push_back(PartitionRange(p, partitions).end);
  }
  std::vector<RingMember> members;
  members.reserve(tokens.size());
  for (auto& [node, node_tokens] : tokens) {
    members.push_back(RingMember{node, std::move(node_tokens)});
  }
  return members;
}

std::vector<NodeId> PartitionOwnersOf(const Ring& ring) {
  DYNAMO_CHECK(ring.strategy() == PartitionStrategy::kEqualPartitions, "strategy 3 only");
  std::vector<NodeId> owners(ring.partitions());
  for (uint32_t p = 0; p < ring.partitions(); ++p) owners[p] = ring.CoordinatorOfRange(p);
  return owners;
}

}  // namespace dynamo
