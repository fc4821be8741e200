#include "dynamo/replica_targets.h"

#include <algorithm>

#include "dynamo/check.h"

namespace dynamo {

void ChooseReplicaTargets(const Ring& ring, Key key, size_t n, bool sloppy,
                          absl::FunctionRef<bool(NodeId)> suspected, ReplicaTargets* out) {
  DYNAMO_CHECK(n >= 1, "N is at least 1");
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
  // The paper's "first N healthy nodes": at most N, each a distinct node, and a stand-in only for
  // a top-N node that was skipped as suspected.
  DYNAMO_CHECK(out->size() <= n, "at most N targets");
  for (size_t i = 0; i < out->size(); ++i) {
    const ReplicaTarget& target = (*out)[i];
    DYNAMO_CHECK(target.stand_in == (target.intended != target.node),
                 "a stand-in serves another node; a top-N target serves itself");
    DYNAMO_CHECK(!target.stand_in || std::find(missing.begin(), missing.end(), target.intended) !=
                                         missing.end(),
                 "a stand-in replaces a suspected top-N node");
    for (size_t j = 0; j < i; ++j) {
      DYNAMO_CHECK((*out)[j].node != target.node, "a node is one target at most");
      DYNAMO_CHECK(!target.stand_in || (*out)[j].intended != target.intended,
                   "one stand-in per missing node");
    }
  }
}

}  // namespace dynamo
