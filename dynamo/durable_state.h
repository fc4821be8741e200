// DurableState: what a node keeps on disk. It survives a crash and is lost by a wipe; the
// simulator owns it and hands it to each incarnation of the node.
#pragma once

#include "absl/container/btree_map.h"
#include "dynamo/ring_state.h"
#include "dynamo/types.h"
#include "dynamo/versioned_store.h"

namespace dynamo {

struct DurableState {
  // The identity this disk's writes carry in vector clocks and dots: chosen at random by the
  // first node incarnation that finds it unassigned (0), so a replaced disk (a wipe) never
  // reissues the counters of the one before it. Always has the top bit set, so it is never
  // mistaken for a node id.
  NodeId clock_actor = 0;

  // The node's replicas: key -> siblings.
  VersionedStore data;
  // Hinted replicas (paper section 4.6), kept apart from `data`: intended owner -> its versions
  // this node holds as a stand-in, until the owner acknowledges them.
  absl::btree_map<NodeId, VersionedStore> hints;
  // The token map this node last installed (membership.h); empty before a join or after a wipe.
  RingState ring;
};

}  // namespace dynamo
