// RingView: a node's current ring, as its membership (membership.h) last installed it. The
// coordinator and anti-entropy hold a reference to the view, not to a ring, so they always route
// by the node's latest, possibly stale, view. A node that has not joined (or lost its disk) has
// no ring until gossip brings one.
#pragma once

#include <memory>
#include <utility>

#include "dynamo/check.h"
#include "dynamo/ring.h"

namespace dynamo {

class RingView {
 public:
  RingView() = default;
  explicit RingView(std::shared_ptr<const Ring> ring) : ring_(std::move(ring)) {}

  bool has_ring() const { return ring_ != nullptr; }
  // REQUIRES: has_ring().
  const Ring& ring() const {
    DYNAMO_CHECK(ring_ != nullptr, "ring view used before a ring was installed");
    return *ring_;
  }
  const std::shared_ptr<const Ring>& shared() const { return ring_; }
  void Set(std::shared_ptr<const Ring> ring) { ring_ = std::move(ring); }

 private:
  std::shared_ptr<const Ring> ring_;
};

}  // namespace dynamo
