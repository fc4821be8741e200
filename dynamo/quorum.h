// QuorumTracker: counts the distinct replicas that answered a request and says when the quorum
// (R for a get, W for a put) is reached, or can no longer be. Pure: no Env, no time.
#pragma once

#include <cstddef>

#include "absl/container/inlined_vector.h"
#include "dynamo/check.h"
#include "dynamo/types.h"

namespace dynamo {

class QuorumTracker {
 public:
  // `required` answers out of `targets` asked. REQUIRES: 1 <= required.
  QuorumTracker(size_t required, size_t targets) : required_(required), targets_(targets) {
    DYNAMO_CHECK(required >= 1, "a quorum needs at least one answer");
  }

  // Records an answer from `node`; a repeated answer (a duplicated message) is ignored.
  // Returns true if this answer is new.
  bool Add(NodeId node) {
    for (NodeId seen : answered_) {
      if (seen == node) return false;
    }
    answered_.push_back(node);
    return true;
  }

  bool Reached() const { return answered_.size() >= required_; }
  // True when every target answered (nothing more will come).
  bool AllAnswered() const { return answered_.size() >= targets_; }
  size_t answers() const { return answered_.size(); }
  size_t required() const { return required_; }
  bool HasAnswered(NodeId node) const {
    for (NodeId seen : answered_) {
      if (seen == node) return true;
    }
    return false;
  }

 private:
  size_t required_;
  size_t targets_;
  absl::InlinedVector<NodeId, 8> answered_;
};

}  // namespace dynamo
