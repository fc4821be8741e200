// FailureDetector: purely local failure detection (paper section 4.8.3). A node that leaves a
// request unanswered until its timeout is suspected for `suspect_after`; while suspected it is
// avoided (a stand-in takes its place). Suspicion ends when the time runs out, so the node is
// tried again periodically, or as soon as any message from it arrives. There is no global view:
// each node keeps its own. Volatile: a crash forgets it.
#pragma once

#include "absl/container/btree_map.h"
#include "dynamo/types.h"

namespace dynamo {

class FailureDetector {
 public:
  explicit FailureDetector(TimeUs suspect_after_us) : suspect_after_us_(suspect_after_us) {}

  // `node` did not answer in time.
  void Suspect(NodeId node, TimeUs now_us) { suspected_until_us_[node] = now_us + suspect_after_us_; }
  // A message from `node` arrived: it is alive.
  void Heard(NodeId node) {
    if (!suspected_until_us_.empty()) suspected_until_us_.erase(node);
  }
  bool IsSuspected(NodeId node, TimeUs now_us) const {
    auto it = suspected_until_us_.find(node);
    return it != suspected_until_us_.end() && it->second > now_us;
  }

 private:
  TimeUs suspect_after_us_;
  absl::btree_map<NodeId, TimeUs> suspected_until_us_;
};

}  // namespace dynamo
