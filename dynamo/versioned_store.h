// A replica's local key-value state: for each key, its siblings (version.h), reconciled on every
// put (reconcile.h). Pure data structure: no Env, no durability; the node decides what is
// persisted and when.
//
// Keys are kept in an absl::btree_map (key order). A secondary ordered index of
// (KeyPosition(key), key) serves ring-range scans in O(log n + keys in range); it costs one MD5
// per newly inserted key and about 16 bytes per key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/key_range.h"
#include "dynamo/reconcile.h"
#include "dynamo/types.h"
#include "dynamo/version.h"

namespace dynamo {

class VersionedStore {
 public:
  using Map = absl::btree_map<Key, Siblings>;

  // Reconciles `version` into the key's siblings under `mode`.
  // REQUIRES: IsValidValue(version.value); under LWW the key holds at most one version.
  PutOutcome Put(Key key, const Version& version, ResolutionMode mode);

  // The key's siblings in canonical order; empty if the key is absent.
  absl::Span<const Version> Get(Key key) const;

  bool Contains(Key key) const { return map_.contains(key); }

  // Removes the key (e.g. after handing its range off). Returns whether it was present.
  bool Erase(Key key);

  size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }

  // Every key with its siblings, ascending by key.
  const Map& entries() const { return map_; }

  // Calls visit(key, siblings) for every key whose ring position lies in `range`, in clockwise
  // position order starting after range.start.
  void ForEachInRange(const KeyRange& range,
                      absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const;

  // How many Put calls changed a key and Erase calls removed one, since construction: observers
  // (the simulator's convergence sampling) skip re-reading a store whose count has not moved.
  uint64_t changes() const { return changes_; }

  // SiblingsDigest of the key's versions (the empty-set digest if absent).
  uint64_t Digest(Key key) const { return SiblingsDigest(Get(key)); }

 private:
  using PositionIndex = absl::btree_set<std::pair<RingPosition, Key>>;

  void VisitPositions(PositionIndex::const_iterator from, PositionIndex::const_iterator to,
                      absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const;

  Map map_;
  PositionIndex by_position_;
  uint64_t changes_ = 0;
};

}  // namespace dynamo
