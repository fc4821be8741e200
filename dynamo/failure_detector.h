// FailureDetector: purely local failure detection (paper section 4.8.3). A node that leaves a
// request or a forward unanswered until its timeout is suspected; while suspected it is avoided
// (a stand-in takes its place, a forwarder picks the next of the top N). As in the paper, "A
// periodically retries B to check for the latter's recovery": suspicion does not lapse with
// time, so no client request is ever spent probing a dead node. Instead the node pings every
// suspected node every `probe_interval` (node.h), and any message from it, a ping reply or
// anything else, ends the suspicion. There is no global view: each node keeps its own.
// Volatile: a crash forgets it.
#pragma once

#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/check.h"
#include "dynamo/types.h"

namespace dynamo {

class FailureDetector {
 public:
  // REQUIRES: probe_interval_us > 0.
  explicit FailureDetector(TimeUs probe_interval_us) : probe_interval_us_(probe_interval_us) {
    DYNAMO_CHECK(probe_interval_us > 0, "suspected nodes are probed at a positive interval");
  }

  // `node` did not answer in time.
  void Suspect(NodeId node, TimeUs now_us) { suspected_since_us_.try_emplace(node, now_us); }
  // A message from `node` arrived: it is alive.
  void Heard(NodeId node) {
    if (!suspected_since_us_.empty()) suspected_since_us_.erase(node);
  }
  bool IsSuspected(NodeId node) const { return suspected_since_us_.contains(node); }
  // The suspected nodes, ascending: the ones to probe.
  std::vector<NodeId> Suspected() const {
    std::vector<NodeId> nodes;
    for (const auto& [node, since_us] : suspected_since_us_) nodes.push_back(node);
    return nodes;
  }
  TimeUs probe_interval_us() const { return probe_interval_us_; }

 private:
  TimeUs probe_interval_us_;
  absl::btree_map<NodeId, TimeUs> suspected_since_us_;
};

}  // namespace dynamo
