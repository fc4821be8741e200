#include "sim/analysis/convergence.h"

#include <algorithm>

namespace sim {

std::optional<Divergence> FindDivergence(absl::Span<const KeyReplicas> keys, ReplicaReader read) {
  dynamo::Siblings first_scratch;
  dynamo::Siblings other_scratch;
  for (const KeyReplicas& key : keys) {
    if (key.replicas.size() < 2) continue;
    const absl::Span<const dynamo::Version> first =
        read(key.replicas.front(), key.key, first_scratch);
    bool agree = true;
    for (size_t i = 1; i < key.replicas.size() && agree; ++i) {
      const absl::Span<const dynamo::Version> other = read(key.replicas[i], key.key, other_scratch);
      agree = std::equal(first.begin(), first.end(), other.begin(), other.end());
    }
    if (agree) continue;
    Divergence divergence;
    divergence.key = key.key;
    for (dynamo::NodeId node : key.replicas) {
      const absl::Span<const dynamo::Version> held = read(node, key.key, other_scratch);
      divergence.replicas.push_back(ReplicaHolding{
          node, held.size(), std::equal(first.begin(), first.end(), held.begin(), held.end())});
    }
    return divergence;
  }
  return std::nullopt;
}

}  // namespace sim
