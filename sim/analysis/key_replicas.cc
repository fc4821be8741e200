#include "sim/analysis/key_replicas.h"

namespace sim {

std::vector<KeyReplicas> ReplicasOfKeys(const dynamo::Ring& ring, absl::Span<const dynamo::Key> keys,
                                        size_t n) {
  std::vector<KeyReplicas> out;
  out.reserve(keys.size());
  for (dynamo::Key key : keys) {
    KeyReplicas& entry = out.emplace_back();
    entry.key = key;
    ring.PreferenceList(key, n, &entry.replicas);
  }
  return out;
}

absl::btree_map<dynamo::Key, dynamo::Siblings> ReadEveryReplica(absl::Span<const KeyReplicas> keys,
                                                                ReplicaReader read,
                                                                dynamo::ResolutionMode mode) {
  absl::btree_map<dynamo::Key, dynamo::Siblings> out;
  std::vector<dynamo::Version> replies;
  dynamo::Siblings scratch;
  for (const KeyReplicas& key : keys) {
    replies.clear();
    for (dynamo::NodeId node : key.replicas) {
      const absl::Span<const dynamo::Version> held = read(node, key.key, scratch);
      replies.insert(replies.end(), held.begin(), held.end());
    }
    if (replies.empty()) continue;
    out.emplace(key.key, dynamo::SyntacticReconcile(replies, mode));
  }
  return out;
}

}  // namespace sim
