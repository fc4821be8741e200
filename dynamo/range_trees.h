// RangeTrees: the Merkle trees (merkle_tree.h) a replica keeps over some key ranges of its store,
// so anti-entropy costs what changed (issue 12): the store updates the tree holding a key on
// every change of that key (VersionedStore::Put, Erase), and an exchange reads hashes that are
// already there instead of rebuilding a tree from every stored key.
//
// The ranges are disjoint: adding a tree drops every kept tree it overlaps (the ranges of an
// older ring), so each ring position lies in at most one tree and a change updates at most one.
// Keyed by each range's end, so the tree holding a position is found in O(log trees).
#pragma once

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "dynamo/key_range.h"
#include "dynamo/merkle_tree.h"
#include "dynamo/types.h"

namespace dynamo {

class RangeTrees {
 public:
  RangeTrees() = default;
  // A copy indexes its own trees; a move keeps the map's nodes, so the index stays valid.
  RangeTrees(const RangeTrees& other) : by_end_(other.by_end_) { IndexEnds(); }
  RangeTrees& operator=(const RangeTrees& other) {
    by_end_ = other.by_end_;
    IndexEnds();
    return *this;
  }
  RangeTrees(RangeTrees&&) = default;
  RangeTrees& operator=(RangeTrees&&) = default;

  // The kept tree of exactly `range` at `depth`, or nullptr.
  const MerkleTree* Find(const KeyRange& range, int depth) const;
  // The kept tree whose range holds `position`, or nullptr.
  MerkleTree* Holding(RingPosition position);
  // The range of that tree, or nullptr; read from the index, without touching the tree (the
  // store asks this at every put).
  const KeyRange* RangeHolding(RingPosition position) const;

  // Keeps `tree`, dropping every kept tree whose range overlaps its range. Returns the kept
  // tree; the reference stays valid until that tree is dropped.
  const MerkleTree& Add(MerkleTree tree);
  // Drops every tree whose range is not among `ranges`.
  void Retain(absl::Span<const KeyRange> ranges);

  bool empty() const { return by_end_.empty(); }
  size_t size() const { return by_end_.size(); }
  // Ascending by range end.
  const std::map<RingPosition, MerkleTree>& trees() const { return by_end_; }

 private:
  // Rebuilds ends_ from by_end_ (after every Add and Retain).
  void IndexEnds();

  // range.end -> tree. std::map: references stay valid while other trees come and go.
  std::map<RingPosition, MerkleTree> by_end_;
  // The same trees ascending by range end in one array, each with its range: Holding runs for
  // every changed key, and a binary search here touches a few cache lines where the map's walk
  // touched a node per level (and reading the range from the tree, one more).
  struct Indexed {
    RingPosition end = 0;
    KeyRange range;
    MerkleTree* tree = nullptr;
  };
  // The entry whose range holds `position`, or nullptr.
  const Indexed* IndexedHolding(RingPosition position) const;
  std::vector<Indexed> ends_;
};

// Whether two ring ranges share a position.
bool Overlaps(const KeyRange& a, const KeyRange& b);

}  // namespace dynamo
