// A replica's local key-value state: for each key, its siblings (version.h), reconciled on every
// put (reconcile.h). Pure data structure: no Env, no durability; the node decides what is
// persisted and when.
//
// Keys are kept in an absl::btree_map (key order). A secondary ordered index of
// (KeyPosition(key), key) serves ring-range scans in O(log n + keys in range); it costs one MD5
// per newly inserted key and about 16 bytes per key.
//
// Merkle trees (range_trees.h): a caller (anti-entropy) asks for the tree of a key range with
// Tree(); from then on every Put and Erase of a key notes the key, and before any tree is read the
// noted keys are applied to the trees holding them (one MD5 and one SiblingsDigest per distinct
// key, plus O(keys in the leaf + depth)), so a tree read always equals MerkleTree::Build over the
// stored keys, which BuildTree() computes from scratch to check it. Noting rather than applying
// at once makes a key written many times between exchanges cost one update, and a put one
// push_back. A store nobody asked for a tree pays nothing. The trees are part of the store: they
// survive what it survives (a crash) and go with it (a wipe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/key_range.h"
#include "dynamo/merkle_tree.h"
#include "dynamo/range_trees.h"
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

  // The Merkle tree of `range` at `depth` (REQUIRES: depth == MerkleTree::DepthFor(range, depth)),
  // built from the stored keys on first use and kept up to date from then on. Drops kept trees
  // whose ranges overlap `range`. The reference stays valid until the next call of Tree or
  // RetainTrees.
  const MerkleTree& Tree(const KeyRange& range, int depth);
  // Stops updating (and frees) the trees of ranges not among `ranges` (after a ring change).
  void RetainTrees(absl::Span<const KeyRange> ranges) {
    trees_.Retain(ranges);
    if (trees_.empty()) changed_keys_.clear();
  }
  const RangeTrees& trees() const {
    ApplyChangedKeys();
    return trees_;
  }
  // A tree of `range` built from scratch from the stored keys (what Tree() must always equal).
  MerkleTree BuildTree(const KeyRange& range, int depth) const;
  // True when every kept tree equals BuildTree of its range: the check of tests and of
  // anti-entropy's periodic DYNAMO_CHECK that no change of a key bypassed its tree.
  bool TreesMatchRebuild() const;

 private:
  using PositionIndex = absl::btree_set<std::pair<RingPosition, Key>>;

  // Notes a changed key for the trees, if any are kept.
  void NoteChangedKey(Key key);
  // Brings the trees holding the noted keys in step with their stored siblings. Const, as it
  // changes only the trees' cache of what the store holds.
  void ApplyChangedKeys() const;

  void VisitPositions(PositionIndex::const_iterator from, PositionIndex::const_iterator to,
                      absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const;

  Map map_;
  PositionIndex by_position_;
  uint64_t changes_ = 0;
  // The trees, and the keys changed since they were last brought up to date (repeats allowed).
  mutable RangeTrees trees_;
  mutable std::vector<Key> changed_keys_;
};

}  // namespace dynamo
