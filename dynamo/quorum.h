// QuorumTracker: counts the distinct replicas that answered a request and says when the quorum
// is reached, or can no longer be. A quorum is R (W) answers of any targets, of which at least PR
// (PW) come from primaries: top-N owners of the key, not stand-ins (Riak's primary quorums; 0 by
// default, as in the paper, where a stand-in's answer counts like its owner's). Pure: no Env, no
// time.
#pragma once

#include <cstddef>

#include "absl/container/inlined_vector.h"
#include "dynamo/check.h"
#include "dynamo/types.h"

namespace dynamo {

class QuorumTracker {
 public:
  // `required` answers, `primaries_required` of them from primaries, out of `targets` asked.
  // REQUIRES: 1 <= required. A request asked of fewer primaries than it needs never reaches its
  // quorum; its caller fails it at once instead (coordinator.cc, client_library.cc).
  QuorumTracker(size_t required, size_t primaries_required, size_t targets)
      : required_(required), primaries_required_(primaries_required), targets_(targets) {
    DYNAMO_CHECK(required >= 1, "a quorum needs at least one answer");
  }

  // Records an answer from `node` (`primary`: a top-N owner, not a stand-in); a repeated answer
  // (a duplicated message) is ignored. Returns true if this answer is new.
  bool Add(NodeId node, bool primary) {
    for (NodeId seen : answered_) {
      if (seen == node) return false;
    }
    answered_.push_back(node);
    if (primary) ++primaries_answered_;
    DYNAMO_CHECK(answered_.size() <= targets_, "more distinct answers than targets asked");
    return true;
  }

  bool Reached() const {
    return answered_.size() >= required_ && primaries_answered_ >= primaries_required_;
  }
  // True when every target answered (nothing more will come).
  bool AllAnswered() const { return answered_.size() >= targets_; }
  size_t answers() const { return answered_.size(); }
  size_t primaries_answered() const { return primaries_answered_; }
  size_t required() const { return required_; }
  bool HasAnswered(NodeId node) const {
    for (NodeId seen : answered_) {
      if (seen == node) return true;
    }
    return false;
  }

 private:
  size_t required_;
  size_t primaries_required_;
  size_t targets_;
  size_t primaries_answered_ = 0;
  absl::InlinedVector<NodeId, 8> answered_;
};

}  // namespace dynamo
