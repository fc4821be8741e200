// DurableState: what a node keeps on disk. It survives a crash and is lost by a wipe; the
// simulator owns it and hands it to each incarnation of the node.
#pragma once

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
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
  // key -> the last dot counter clock_actor issued for that key (coordinator.h, NewVersion). A
  // coordinator takes the next one for every write it coordinates, so no (actor, counter) is ever
  // issued twice, whatever the node happens to store (its versions of the key may have been
  // superseded by others' that only name the dot in their extra_dots, or it may not be a replica
  // of the key at all). Counters are per key, as in dotted version vectors: a key's history then
  // has no gaps, and a reader's context stays a compact counter range. Survives a crash; a wipe
  // clears it together with clock_actor, and the new actor starts afresh. Looked up by key only,
  // never iterated, so its hash order cannot reach behaviour (a btree lookup per put was a
  // chain of cache misses, 1.6% of a 64-node run).
  absl::flat_hash_map<Key, uint64_t> dot_counters;

  // The generation of this node's latest start (membership.h): one more than the one before,
  // and after a wipe one more than any generation of this node that gossip still remembers.
  uint64_t generation = 0;

  // The node's replicas: key -> siblings.
  VersionedStore data;
  // Hinted replicas (paper section 4.6), kept apart from `data`: intended owner -> its versions
  // this node holds as a stand-in, until the owner acknowledges them.
  absl::btree_map<NodeId, VersionedStore> hints;
  // The token map this node last installed (membership.h); empty before a join or after a wipe.
  RingState ring;
};

}  // namespace dynamo
