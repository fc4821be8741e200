// RingState: the token map a node persists and gossips (paper section 4.8.1: "the node that serves
// the request writes the membership change and its time of issue to persistent store").
//
// The whole map carries one version, (epoch, author): a membership change is served by one node
// (a seed, acting for the administrator), which installs the map with epoch + 1 and its own id as
// author. Gossip keeps, of two maps, the one with the larger (epoch, author) pair, so every node
// converges on the same map. Two changes served concurrently by two seeds from the same epoch
// conflict; the larger author wins and the loser's requester, still not seeing its change, asks
// again (membership.h).
#pragma once

#include <cstdint>
#include <memory>
#include <tuple>
#include <vector>

#include "dynamo/ring.h"
#include "dynamo/types.h"

namespace dynamo {

struct RingState {
  uint64_t epoch = 0;  // 0: no map (a node that has not joined, or a wiped disk)
  NodeId author = 0;
  std::vector<RingMember> members;  // sorted by node id, as Ring requires

  bool empty() const { return epoch == 0; }
  bool NewerThan(const RingState& other) const {
    return std::tie(epoch, author) > std::tie(other.epoch, other.author);
  }
  bool HasMember(NodeId node) const {
    for (const RingMember& member : members) {
      if (member.node == node) return true;
    }
    return false;
  }
};

}  // namespace dynamo
