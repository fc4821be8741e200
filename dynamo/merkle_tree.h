// A Merkle tree over the keys of one key range (paper section 4.7), for anti-entropy between the
// replicas of that range.
//
// Shape: a complete binary tree of depth D with 2^D leaves; level 0 is the root, level D the
// leaves, node (level, index) has children (level+1, 2*index) and (level+1, 2*index+1).
// Key to leaf: by the key's ring position relative to the range. With offset = position -
// start - 1 (so the range's first position has offset 0) and L the range's size in positions,
// leaf = floor(offset * 2^D / L). Every leaf is therefore a contiguous sub-range (LeafRange), so
// the keys of a differing leaf can be fetched with a range scan of the store, and two replicas
// that agree on the range agree on the leaf of every key.
// Hashes (hash.h, fixed forever): a leaf hashes the wrapping sum of one term per key, a hash of
// (key, digest), and the number of its keys; an inner node folds its two children. A sum needs
// no order, so a change of one key updates its leaf in O(1) (take its old term out, put the new
// one in) instead of re-reading every key of the leaf. Empty leaves, and inner nodes whose
// children are both empty, hash to kEmptyHash, so every empty subtree has the same fixed hash; a
// non-empty node never hashes to kEmptyHash.
// Storage: up to depth kDenseMaxDepth every node's hash sits in an array in heap order (16 KiB
// at depth 10, the default); deeper, only non-empty nodes are stored (a hash map from heap slot
// to hash, looked up, never iterated), so a tree costs O(keys * depth) memory and building it
// O(keys * depth) time: a depth-20 tree over a few hundred keys does not allocate 2^21 slots.
// Each key's digest and leaf, and each non-empty leaf's sum and count, sit in hash maps: a key's
// change is a lookup, not a walk down a sorted tree. Only KeysInLeaf iterates them, and it sorts
// what it collects, so their hash order reaches no hash and no message.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "dynamo/key_range.h"
#include "dynamo/types.h"

namespace dynamo {

class MerkleTree {
 public:
  static constexpr uint64_t kEmptyHash = 0;
  static constexpr int kMaxDepth = 20;
  static constexpr int kDenseMaxDepth = 10;

  using KeyDigest = std::pair<Key, uint64_t>;
  using ChildHashes = std::array<uint64_t, 2>;

  // The largest depth <= desired_depth at which every leaf of `range` holds at least one ring
  // position (matters only for ranges smaller than 2^desired_depth positions). Both replicas of a
  // range compute the same value. REQUIRES: 0 <= desired_depth <= kMaxDepth.
  static int DepthFor(const KeyRange& range, int desired_depth);

  // An empty tree. REQUIRES: 0 <= depth <= kMaxDepth, depth == DepthFor(range, depth).
  MerkleTree(const KeyRange& range, int depth);

  // A tree over `keys` (any order). REQUIRES: as the constructor; keys distinct; every key's
  // position lies in range.
  static MerkleTree Build(const KeyRange& range, int depth, absl::Span<const KeyDigest> keys);

  // Inserts the key or changes its digest, recomputing its leaf and the path to the root:
  // O(depth). REQUIRES: the key's position lies in range().
  void Update(Key key, uint64_t digest);
  // The same for a caller that knows the key's ring position (KeyPosition(key)), saving its MD5.
  void UpdateAt(RingPosition position, Key key, uint64_t digest);
  // Removes the key if present (same cost). Returns whether it was present.
  bool Erase(Key key);
  bool EraseAt(RingPosition position, Key key);

  // A batch of changes, each an update (digest set) or an erasure (digest empty).
  struct Change {
    RingPosition position = 0;  // KeyPosition(key)
    Key key = 0;
    std::optional<uint64_t> digest;
  };
  // Applies `changes` (at most one per key) and recomputes each changed leaf and each node above
  // them once: O(changes + touched nodes), never more than a Build.
  // REQUIRES: every position lies in range().
  void Apply(absl::Span<const Change> changes);

  const KeyRange& range() const { return range_; }
  int depth() const { return depth_; }
  uint32_t LeafCount() const { return uint32_t{1} << depth_; }
  size_t KeyCount() const { return keys_.size(); }

  uint64_t Root() const { return NodeHash(0, 0); }
  // REQUIRES: 0 <= level <= depth(), index < 2^level.
  uint64_t NodeHash(int level, uint32_t index) const;
  // The hashes of the two children of (level, index). REQUIRES: level < depth().
  ChildHashes ChildrenOf(int level, uint32_t index) const;
  // The children of (level, index), as indices on level + 1, whose hashes differ from the other
  // replica's `other_child_hashes` (as returned by its ChildrenOf). REQUIRES: level < depth().
  absl::InlinedVector<uint32_t, 2> DifferingChildren(int level, uint32_t index,
                                                     const ChildHashes& other_child_hashes) const;

  // The leaf of a key or position. REQUIRES: the position lies in range().
  uint32_t LeafOf(Key key) const;
  uint32_t LeafOfPosition(RingPosition position) const;
  // The sub-range of `leaf`. REQUIRES: leaf < LeafCount().
  KeyRange LeafRange(uint32_t leaf) const;
  // The hash of a leaf holding exactly `keys` (distinct keys, any order): what NodeHash(depth(),
  // leaf) is for that leaf.
  static uint64_t HashOfLeaf(absl::Span<const KeyDigest> keys);
  // The (key, digest) pairs of `leaf`, ascending by key: O(keys in the tree), for tests and
  // checks (anti-entropy reads a leaf's keys from the store by LeafRange instead).
  // REQUIRES: leaf < LeafCount().
  std::vector<KeyDigest> KeysInLeaf(uint32_t leaf) const;

  // Same range, depth, keys with digests, and node hashes.
  friend bool operator==(const MerkleTree&, const MerkleTree&) = default;

 private:
  struct KeyEntry {
    uint64_t digest = 0;
    uint32_t leaf = 0;
    friend bool operator==(const KeyEntry&, const KeyEntry&) = default;
  };
  struct LeafSum {
    uint64_t sum = 0;     // wrapping sum of LeafTerm(key, digest) over the leaf's keys
    uint32_t count = 0;   // keys in the leaf; a leaf with none is not stored
    friend bool operator==(const LeafSum&, const LeafSum&) = default;
  };

  size_t NodeSlot(int level, uint32_t index) const;
  void SetHash(size_t slot, uint64_t hash);
  // Sets `key` (in `leaf`) to `digest`, or removes it when `digest` is empty, keeping its leaf's
  // sum and count; the leaf's hash is left for RecomputeLeaf. Returns whether anything changed.
  bool SetKey(uint32_t leaf, Key key, std::optional<uint64_t> digest);
  void RecomputeLeaf(uint32_t leaf);
  void RecomputePathAbove(uint32_t leaf);
  // Recomputes every inner node above `leaves` (ascending, distinct): in a Build the non-empty
  // leaves, in Apply the changed ones.
  void RecomputeInnerAbove(std::vector<uint32_t> leaves);
  void RecomputeDenseInnerAbove(std::vector<uint32_t> leaves);

  // Constant after construction.
  KeyRange range_;
  int depth_;
  absl::flat_hash_map<Key, KeyEntry> keys_;
  absl::flat_hash_map<uint32_t, LeafSum> leaves_;  // the non-empty leaves
  // Node hashes by heap slot (2^level - 1 + index): every node's in dense_ when depth_ <=
  // kDenseMaxDepth, else the non-empty ones' in sparse_ (absent nodes are empty).
  std::vector<uint64_t> dense_;
  absl::flat_hash_map<size_t, uint64_t> sparse_;
};

// The leaves in which a and b differ, ascending, found by descending from the roots only into
// differing subtrees: the roots are compared, then both children of every differing inner node.
// *nodes_compared receives the number of node pairs compared: 1 for equal roots, 1 + 2*D for a
// single differing leaf. REQUIRES: a and b have the same range and depth; nodes_compared != null.
std::vector<uint32_t> DiffLeaves(const MerkleTree& a, const MerkleTree& b, int* nodes_compared);

}  // namespace dynamo
