// A replica's local key-value state: for each key, its siblings (version.h), reconciled on every
// put (reconcile.h). Pure data structure: no Env, no durability; the node decides what is
// persisted and when.
//
// Point reads and writes (every get and put) go through a hash map from key to slot: one probe
// instead of a chain of cache misses down a sorted tree. The slot caches the key's ring position
// (one MD5 per newly inserted key, never again). The hash map is never iterated: ordered walks
// use two ordered indexes, the keys (entries(), key order) and (position, key) pairs for
// ring-range scans in O(log n + keys in range), about 24 bytes per key together.
//
// Merkle trees (range_trees.h): a caller (anti-entropy) asks for the tree of a key range with
// Tree(); from then on every Put and Erase of a key that a kept tree holds notes the key with
// that tree, and when a tree is read the keys noted with it are applied to it (a lookup per
// distinct key, plus O(depth)), so a tree read always equals MerkleTree::Build over the stored
// keys, which BuildTree() computes from scratch to check it. Noting rather than applying at once
// makes a key written many times between exchanges cost one update, and a put one push_back;
// noting per tree lets each tree take its changes in one batch when its own range is exchanged
// (every few seconds), so the batch shares the paths above its leaves and finds the tree's
// nodes in cache, where applying every tree's changes at every exchange of any range walked cold
// trees change by change. Notes go to one log first and are sorted to their trees' lists when
// any tree is read or the set of trees changes, so a put appends where the last one did (each
// tree's list was a cold cache line at most puts). A store nobody asked for a tree pays nothing.
// The trees are part of the store: they survive what it survives (a crash) and go with it (a
// wipe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
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
  // Reconciles `version` into the key's siblings under `mode`.
  // REQUIRES: IsValidValue(version.value); under LWW the key holds at most one version.
  PutOutcome Put(Key key, const Version& version, ResolutionMode mode);

  // The key's siblings in canonical order; empty if the key is absent.
  absl::Span<const Version> Get(Key key) const;

  bool Contains(Key key) const { return slots_.contains(key); }

  // Removes the key (e.g. after handing its range off). Returns whether it was present.
  bool Erase(Key key);

  size_t size() const { return slots_.size(); }
  bool empty() const { return slots_.empty(); }

  // Every key with its siblings, ascending by key: `for (const auto& [key, versions] :
  // store.entries())`. Invalidated by Put and Erase.
  class Entries;
  Entries entries() const;

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
    DropChangesOfDroppedTrees();
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
  struct Slot {
    RingPosition position = 0;  // KeyPosition(key), computed once
    Siblings versions;
  };
  // Lookups only, never iterated (its order is the library's hash order).
  using Slots = absl::flat_hash_map<Key, Slot>;

  // Notes a changed key (at ring position `position`) with the kept tree holding it, if any,
  // with the digest of its siblings now (`versions`, or nullptr for an erased key).
  void NoteChangedKey(RingPosition position, Key key, const Siblings* versions);
  // Brings every kept tree in step with the store. Const, as it changes only the trees' cache of
  // what the store holds.
  void ApplyChangedKeys() const;
  // The same for the kept tree whose range ends at `end`.
  void ApplyChangedKeysOf(RingPosition end) const;
  // Moves the changes noted since the last call, in the order noted, to the lists of their trees.
  void SortChangesToTrees() const;
  // Applies `changes` (in the order noted) to the kept tree whose range ends at `end`.
  void ApplyChanges(RingPosition end, std::vector<MerkleTree::Change> changes) const;
  // Forgets the changes noted with trees that are no longer kept, and with a tree just built
  // (from the store, so it has them) whose range ends at `fresh_end`, if given.
  void DropChangesOfDroppedTrees(std::optional<RingPosition> fresh_end = std::nullopt);

  void VisitPositions(PositionIndex::const_iterator from, PositionIndex::const_iterator to,
                      absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const;

  Slots slots_;
  absl::btree_set<Key> keys_;  // the keys of slots_, in key order
  PositionIndex by_position_;
  uint64_t changes_ = 0;
  // The trees, and for each the keys changed since it was last brought up to date, each with its
  // digest at the change (repeats allowed: the last note of a key is its state), by the tree's
  // range end (ordered: ApplyChangedKeys goes round the ring). Only kept trees have notes.
  mutable RangeTrees trees_;
  mutable absl::btree_map<RingPosition, std::vector<MerkleTree::Change>> changed_keys_;
  // The changes noted since they were last sorted to changed_keys_, each with its tree's range
  // end, in the order noted (every reader of changed_keys_ sorts them there first).
  mutable std::vector<std::pair<RingPosition, MerkleTree::Change>> unsorted_changes_;
  mutable size_t changed_key_notes_ = 0;  // over every tree, sorted or not
};

// The store's keys in key order, each with its siblings.
class VersionedStore::Entries {
 public:
  class Iterator {
   public:
    using value_type = std::pair<Key, const Siblings&>;
    value_type operator*() const { return {*key_, slots_->find(*key_)->second.versions}; }
    Iterator& operator++() {
      ++key_;
      return *this;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.key_ == b.key_; }

   private:
    friend class Entries;
    Iterator(const Slots* slots, absl::btree_set<Key>::const_iterator key)
        : slots_(slots), key_(key) {}
    const Slots* slots_;
    absl::btree_set<Key>::const_iterator key_;
  };
  Iterator begin() const { return Iterator(&store_->slots_, store_->keys_.begin()); }
  Iterator end() const { return Iterator(&store_->slots_, store_->keys_.end()); }

 private:
  friend class VersionedStore;
  explicit Entries(const VersionedStore* store) : store_(store) {}
  const VersionedStore* store_;
};

inline VersionedStore::Entries VersionedStore::entries() const { return Entries(this); }

}  // namespace dynamo
