#include "dynamo/replica_targets.h"

namespace dynamo {

void ChooseReplicaTargets(const Ring& ring, Key key, size_t n, bool sloppy,
                          absl::FunctionRef<bool(NodeId)> suspected, ReplicaTargets* out) {
  out->clear();
  Ring::NodeList missing;  // suspected top-N nodes, in preference order
  size_t walked = 0;
  size_t next_missing = 0;
  ring.WalkPreferenceList(key, [&](NodeId node) {
    const bool in_top_n = walked++ < n;
    if (in_top_n) {
      if (sloppy && suspected(node)) {
        missing.push_back(node);
      } else {
        out->push_back(ReplicaTarget{node, false, node});
      }
      return true;
    }
    if (next_missing == missing.size()) return false;  // every suspected node has a stand-in
    if (!suspected(node)) out->push_back(ReplicaTarget{node, true, missing[next_missing++]});
    return true;
  });
}

}  // namespace dynamo
