#include "dynamo/merkle_tree.h"

#include <algorithm>
#include <tuple>

#include "dynamo/check.h"
#include "dynamo/hash.h"
#include "dynamo/md5.h"

namespace dynamo {
namespace {

using Uint128 = unsigned __int128;

constexpr uint64_t kLeafSeed = 0x4d45524b4c454146ULL;   // "MERKLEAF"
constexpr uint64_t kInnerSeed = 0x4d45524b494e4e52ULL;  // "MERKINNR"

// Keeps non-empty nodes distinct from the empty-subtree hash.
uint64_t NonEmpty(uint64_t hash) { return hash == MerkleTree::kEmptyHash ? 1 : hash; }

// One key's share of its leaf's sum.
uint64_t LeafTerm(Key key, uint64_t digest) {
  return HashCombine(HashCombine(kLeafSeed, key), digest);
}

// A leaf's hash from its sum of terms and its number of keys (0: the empty hash).
uint64_t LeafHash(uint64_t sum, uint32_t count) {
  if (count == 0) return MerkleTree::kEmptyHash;
  return NonEmpty(HashCombine(HashCombine(kLeafSeed, sum), count));
}

// Empty when both children are empty, so every empty subtree hashes to kEmptyHash.
uint64_t InnerHash(uint64_t left, uint64_t right) {
  if (left == MerkleTree::kEmptyHash && right == MerkleTree::kEmptyHash) {
    return MerkleTree::kEmptyHash;
  }
  return NonEmpty(HashCombine(HashCombine(kInnerSeed, left), right));
}

// Number of positions in the range (2^64 for the whole ring).
Uint128 RangeSize(const KeyRange& range) { return Uint128{range.SizeMinusOne()} + 1; }

// The first offset of `leaf`: ceil(leaf * L / 2^depth).
Uint128 FirstOffsetOfLeaf(Uint128 leaf, const KeyRange& range, int depth) {
  const Uint128 scaled = leaf * RangeSize(range);
  const Uint128 leaves = Uint128{1} << depth;
  return (scaled + leaves - 1) >> depth;
}

void DescendDiffering(const MerkleTree& a, const MerkleTree& b, int level, uint32_t index,
                      int* nodes_compared, std::vector<uint32_t>* leaves) {
  if (level == a.depth()) {
    leaves->push_back(index);
    return;
  }
  for (uint32_t child = 2 * index; child <= 2 * index + 1; ++child) {
    ++*nodes_compared;
    if (a.NodeHash(level + 1, child) != b.NodeHash(level + 1, child)) {
      DescendDiffering(a, b, level + 1, child, nodes_compared, leaves);
    }
  }
}

}  // namespace

int MerkleTree::DepthFor(const KeyRange& range, int desired_depth) {
  DYNAMO_CHECK(desired_depth >= 0 && desired_depth <= kMaxDepth, "Merkle depth out of bounds");
  int depth = desired_depth;
  while ((Uint128{1} << depth) > RangeSize(range)) --depth;
  return depth;
}

MerkleTree::MerkleTree(const KeyRange& range, int depth)
    : range_(range), depth_(depth) {
  if (depth <= kDenseMaxDepth) dense_.assign((size_t{2} << depth) - 1, kEmptyHash);
  DYNAMO_CHECK(DepthFor(range, depth) == depth, "range too small for this Merkle depth");
}

MerkleTree MerkleTree::Build(const KeyRange& range, int depth, absl::Span<const KeyDigest> keys) {
  MerkleTree tree(range, depth);
  tree.keys_.reserve(keys.size());
  std::vector<uint32_t> leaves;  // the non-empty leaves, ascending
  leaves.reserve(keys.size());
  for (const auto& [key, digest] : keys) {
    DYNAMO_CHECK(!tree.keys_.contains(key), "duplicate key in Merkle build");
    const uint32_t leaf = tree.LeafOf(key);
    tree.SetKey(leaf, key, digest);
    leaves.push_back(leaf);
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  for (uint32_t leaf : leaves) tree.RecomputeLeaf(leaf);
  tree.RecomputeInnerAbove(std::move(leaves));
  return tree;
}

bool MerkleTree::SetKey(uint32_t leaf, Key key, std::optional<uint64_t> digest) {
  auto it = keys_.end();
  if (digest) {
    bool inserted = false;
    std::tie(it, inserted) = keys_.try_emplace(key, KeyEntry{*digest, leaf});
    if (inserted) {
      LeafSum& sum = leaves_[leaf];
      sum.sum += LeafTerm(key, *digest);
      ++sum.count;
      return true;
    }
  } else {
    it = keys_.find(key);
    if (it == keys_.end()) return false;
  }
  DYNAMO_CHECK(it->second.leaf == leaf, "a key's position, and so its leaf, never changes");
  if (digest == it->second.digest) return false;
  auto sum = leaves_.find(leaf);
  DYNAMO_CHECK(sum != leaves_.end() && sum->second.count > 0, "a key's leaf counts it");
  sum->second.sum -= LeafTerm(key, it->second.digest);
  if (!digest) {
    if (--sum->second.count == 0) leaves_.erase(sum);
    keys_.erase(it);
    return true;
  }
  // A changed digest: the leaf keeps its count, and its entry stays (erasing and re-inserting it,
  // as a key's leaf often holds only that key, churned the map).
  sum->second.sum += LeafTerm(key, *digest);
  it->second.digest = *digest;
  return true;
}

size_t MerkleTree::NodeSlot(int level, uint32_t index) const {
  DYNAMO_CHECK(level >= 0 && level <= depth_, "Merkle level out of range");
  DYNAMO_CHECK(index < (uint64_t{1} << level), "Merkle index out of range");
  return (size_t{1} << level) - 1 + index;
}

uint64_t MerkleTree::NodeHash(int level, uint32_t index) const {
  const size_t slot = NodeSlot(level, index);
  if (!dense_.empty()) return dense_[slot];
  const auto it = sparse_.find(slot);
  return it == sparse_.end() ? kEmptyHash : it->second;
}

void MerkleTree::SetHash(size_t slot, uint64_t hash) {
  if (!dense_.empty()) {
    dense_[slot] = hash;
  } else if (hash == kEmptyHash) {
    sparse_.erase(slot);
  } else {
    sparse_.insert_or_assign(slot, hash);
  }
}

void MerkleTree::RecomputeLeaf(uint32_t leaf) {
  const auto it = leaves_.find(leaf);
  SetHash(NodeSlot(depth_, leaf),
          it == leaves_.end() ? kEmptyHash : LeafHash(it->second.sum, it->second.count));
}

uint64_t MerkleTree::HashOfLeaf(absl::Span<const KeyDigest> keys) {
  uint64_t sum = 0;
  for (const auto& [key, digest] : keys) sum += LeafTerm(key, digest);
  return LeafHash(sum, static_cast<uint32_t>(keys.size()));
}

void MerkleTree::RecomputePathAbove(uint32_t leaf) {
  uint32_t index = leaf;
  for (int level = depth_ - 1; level >= 0; --level) {
    index /= 2;
    const ChildHashes children = ChildrenOf(level, index);
    SetHash(NodeSlot(level, index), InnerHash(children[0], children[1]));
  }
}

void MerkleTree::RecomputeInnerAbove(std::vector<uint32_t> leaves) {
  // Only parents of the given nodes can have changed (in a Build: be non-empty).
  if (!dense_.empty()) return RecomputeDenseInnerAbove(std::move(leaves));
  std::vector<uint32_t> parents;
  for (int level = depth_ - 1; level >= 0; --level) {
    parents.clear();
    for (uint32_t child : leaves) {
      if (!parents.empty() && parents.back() == child / 2) continue;
      parents.push_back(child / 2);
      const ChildHashes children = ChildrenOf(level, child / 2);
      SetHash(NodeSlot(level, child / 2), InnerHash(children[0], children[1]));
    }
    leaves.swap(parents);
  }
}

// The same walk over the dense array, with the slot arithmetic inline: anti-entropy runs it for
// every batch of changed keys, and the per-node bounds checks of NodeSlot were most of its cost.
// The nodes are checked once: every leaf below LeafCount(), so every parent index is in range.
void MerkleTree::RecomputeDenseInnerAbove(std::vector<uint32_t> nodes) {
  for (uint32_t leaf : nodes) DYNAMO_CHECK(leaf < LeafCount(), "Merkle leaf out of range");
  uint64_t* const hashes = dense_.data();
  size_t parents = 0;
  for (int level = depth_ - 1; level >= 0; --level) {
    const size_t first_slot = (size_t{1} << level) - 1;
    const size_t first_child_slot = (size_t{2} << level) - 1;
    parents = 0;
    for (uint32_t child : nodes) {
      const uint32_t parent = child / 2;
      if (parents > 0 && nodes[parents - 1] == parent) continue;
      nodes[parents++] = parent;  // parents are ascending and never overtake the children read
      hashes[first_slot + parent] = InnerHash(hashes[first_child_slot + 2 * size_t{parent}],
                                              hashes[first_child_slot + 2 * size_t{parent} + 1]);
    }
    nodes.resize(parents);
  }
}

void MerkleTree::Update(Key key, uint64_t digest) { UpdateAt(KeyPosition(key), key, digest); }

void MerkleTree::UpdateAt(RingPosition position, Key key, uint64_t digest) {
  const uint32_t leaf = LeafOfPosition(position);
  if (!SetKey(leaf, key, digest)) return;
  RecomputeLeaf(leaf);
  RecomputePathAbove(leaf);
}

bool MerkleTree::Erase(Key key) { return EraseAt(KeyPosition(key), key); }

bool MerkleTree::EraseAt(RingPosition position, Key key) {
  const uint32_t leaf = LeafOfPosition(position);
  if (!SetKey(leaf, key, std::nullopt)) return false;
  RecomputeLeaf(leaf);
  RecomputePathAbove(leaf);
  return true;
}

void MerkleTree::Apply(absl::Span<const Change> changes) {
  std::vector<uint32_t> leaves;
  leaves.reserve(changes.size());
  for (const Change& change : changes) {
    const uint32_t leaf = LeafOfPosition(change.position);
    if (SetKey(leaf, change.key, change.digest)) leaves.push_back(leaf);
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  for (uint32_t leaf : leaves) RecomputeLeaf(leaf);
  RecomputeInnerAbove(std::move(leaves));
}

MerkleTree::ChildHashes MerkleTree::ChildrenOf(int level, uint32_t index) const {
  DYNAMO_CHECK(level < depth_, "leaves have no children");
  return ChildHashes{NodeHash(level + 1, 2 * index), NodeHash(level + 1, 2 * index + 1)};
}

absl::InlinedVector<uint32_t, 2> MerkleTree::DifferingChildren(
    int level, uint32_t index, const ChildHashes& other_child_hashes) const {
  const ChildHashes mine = ChildrenOf(level, index);
  absl::InlinedVector<uint32_t, 2> differing;
  for (uint32_t i = 0; i < 2; ++i) {
    if (mine[i] != other_child_hashes[i]) differing.push_back(2 * index + i);
  }
  return differing;
}

uint32_t MerkleTree::LeafOf(Key key) const { return LeafOfPosition(KeyPosition(key)); }

uint32_t MerkleTree::LeafOfPosition(RingPosition position) const {
  DYNAMO_CHECK(range_.Contains(position), "position outside the Merkle tree's range");
  const RingPosition offset = position - range_.start - 1;
  const auto leaf = static_cast<uint32_t>((Uint128{offset} << depth_) / RangeSize(range_));
  DYNAMO_CHECK(leaf < LeafCount(), "leaf arithmetic out of range");
  return leaf;
}

KeyRange MerkleTree::LeafRange(uint32_t leaf) const {
  DYNAMO_CHECK(leaf < LeafCount(), "leaf index out of range");
  // Leaf i holds offsets [first(i), first(i+1) - 1], i.e. positions (start + first(i),
  // start + first(i+1)]. The whole ring's single leaf wraps to (start, start], as it should.
  const auto begin = static_cast<RingPosition>(FirstOffsetOfLeaf(leaf, range_, depth_));
  const auto end = static_cast<RingPosition>(FirstOffsetOfLeaf(leaf + 1, range_, depth_));
  return KeyRange{range_.start + begin, range_.start + end};
}

std::vector<MerkleTree::KeyDigest> MerkleTree::KeysInLeaf(uint32_t leaf) const {
  DYNAMO_CHECK(leaf < LeafCount(), "leaf index out of range");
  std::vector<KeyDigest> keys;
  for (const auto& [key, entry] : keys_) {
    if (entry.leaf == leaf) keys.emplace_back(key, entry.digest);
  }
  std::sort(keys.begin(), keys.end());  // the hash map's order must not reach the caller
  return keys;
}

std::vector<uint32_t> DiffLeaves(const MerkleTree& a, const MerkleTree& b, int* nodes_compared) {
  DYNAMO_CHECK(nodes_compared != nullptr, "nodes_compared must not be null");
  DYNAMO_CHECK(a.range() == b.range() && a.depth() == b.depth(), "trees must share their shape");
  std::vector<uint32_t> leaves;
  *nodes_compared = 1;
  if (a.Root() != b.Root()) DescendDiffering(a, b, 0, 0, nodes_compared, &leaves);
  return leaves;
}

}  // namespace dynamo
