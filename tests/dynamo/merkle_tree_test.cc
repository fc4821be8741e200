#include "dynamo/merkle_tree.h"

#include <algorithm>
#include <vector>

#include "dynamo/hash.h"
#include "dynamo/md5.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;
using KeyDigest = MerkleTree::KeyDigest;

constexpr KeyRange kWholeRing{0, 0};
constexpr RingPosition kQuarter = RingPosition{1} << 62;

std::vector<KeyDigest> SomeKeys(Key count) {
  std::vector<KeyDigest> keys;
  for (Key key = 0; key < count; ++key) keys.emplace_back(key, Mix64(key));
  return keys;
}

TEST(MerkleTreeTest, EmptyTreesAreEqualWithTheFixedEmptyHash) {
  const MerkleTree a(kWholeRing, 4);
  const MerkleTree b = MerkleTree::Build(kWholeRing, 4, {});
  EXPECT_EQ(a.Root(), MerkleTree::kEmptyHash);
  EXPECT_EQ(a.Root(), b.Root());
  int compared = 0;
  EXPECT_TRUE(DiffLeaves(a, b, &compared).empty());
  EXPECT_EQ(compared, 1);
}

TEST(MerkleTreeTest, EqualContentsGiveEqualRootsWhateverTheInsertionOrder) {
  std::vector<KeyDigest> keys = SomeKeys(200);
  const MerkleTree forward = MerkleTree::Build(kWholeRing, 6, keys);
  std::reverse(keys.begin(), keys.end());
  const MerkleTree backward = MerkleTree::Build(kWholeRing, 6, keys);
  MerkleTree incremental(kWholeRing, 6);
  for (const auto& [key, digest] : keys) incremental.Update(key, digest);
  EXPECT_NE(forward.Root(), MerkleTree::kEmptyHash);
  EXPECT_EQ(forward.Root(), backward.Root());
  EXPECT_EQ(forward.Root(), incremental.Root());
  for (uint32_t leaf = 0; leaf < forward.LeafCount(); ++leaf) {
    EXPECT_EQ(forward.NodeHash(6, leaf), incremental.NodeHash(6, leaf));
  }
  EXPECT_EQ(forward.KeyCount(), 200u);
}

// A leaf's hash is a function of its (key, digest) set alone: HashOfLeaf over a leaf's keys is
// its node hash, two keys trading digests changes it, and a key changed and changed back leaves
// every node as it was (the sum of terms loses nothing to an update).
TEST(MerkleTreeTest, ALeafHashesItsKeySetAndAChangeUndoneRestoresEveryNode) {
  constexpr int kDepth = 3;  // 8 leaves over 300 keys: every leaf holds many
  const std::vector<KeyDigest> keys = SomeKeys(300);
  MerkleTree tree = MerkleTree::Build(kWholeRing, kDepth, keys);
  const MerkleTree original = tree;
  for (uint32_t leaf = 0; leaf < tree.LeafCount(); ++leaf) {
    const std::vector<KeyDigest> in_leaf = tree.KeysInLeaf(leaf);
    ASSERT_GT(in_leaf.size(), 1u);
    EXPECT_EQ(MerkleTree::HashOfLeaf(in_leaf), tree.NodeHash(kDepth, leaf));
    std::vector<KeyDigest> reversed(in_leaf.rbegin(), in_leaf.rend());
    EXPECT_EQ(MerkleTree::HashOfLeaf(reversed), tree.NodeHash(kDepth, leaf));
    std::vector<KeyDigest> traded = in_leaf;  // the first two keys swap digests
    std::swap(traded[0].second, traded[1].second);
    EXPECT_NE(MerkleTree::HashOfLeaf(traded), tree.NodeHash(kDepth, leaf));
    std::vector<KeyDigest> fewer(in_leaf.begin() + 1, in_leaf.end());
    EXPECT_NE(MerkleTree::HashOfLeaf(fewer), tree.NodeHash(kDepth, leaf));
  }
  EXPECT_EQ(MerkleTree::HashOfLeaf({}), MerkleTree::kEmptyHash);
  tree.Update(7, 1);
  EXPECT_NE(tree.Root(), original.Root());
  tree.Update(7, Mix64(7));
  EXPECT_TRUE(tree == original);
  EXPECT_TRUE(tree.Erase(8));
  tree.Update(8, Mix64(8));
  EXPECT_TRUE(tree == original);
  tree.Update(8, Mix64(8));  // the same digest again: nothing changes
  EXPECT_TRUE(tree == original);
}

// One changed digest: only its leaf differs; the descent compares the roots, then both children
// at each of the D levels below: 1 + 2 * D node pairs, not the 2^(D+1) - 1 of the whole tree.
TEST(MerkleTreeTest, OneChangedKeyIsFoundByDescendingOnePath) {
  constexpr int kDepth = 10;
  const std::vector<KeyDigest> keys = SomeKeys(500);
  const MerkleTree a = MerkleTree::Build(kWholeRing, kDepth, keys);
  MerkleTree b = MerkleTree::Build(kWholeRing, kDepth, keys);
  b.Update(42, 12345);
  int compared = 0;
  const std::vector<uint32_t> leaves = DiffLeaves(a, b, &compared);
  EXPECT_THAT(leaves, ElementsAre(a.LeafOf(42)));
  EXPECT_EQ(compared, 1 + 2 * kDepth);
  // Key 42 sits at 0xe8bd..., in leaf floor(0xe8bd... * 2^10 / 2^64) = 0x3a2 = 930.
  EXPECT_EQ(a.LeafOf(42), 930u);
  // Inside the differing leaf, the keys tell which one changed.
  std::vector<KeyDigest> in_a = a.KeysInLeaf(930);
  std::vector<KeyDigest> in_b = b.KeysInLeaf(930);
  ASSERT_EQ(in_a.size(), in_b.size());
  for (size_t i = 0; i < in_a.size(); ++i) {
    EXPECT_EQ(in_a[i].first, in_b[i].first);
    EXPECT_EQ(in_a[i].second != in_b[i].second, in_a[i].first == 42u);
  }
  // Restoring the digest restores the root.
  b.Update(42, Mix64(42));
  EXPECT_EQ(a.Root(), b.Root());
}

TEST(MerkleTreeTest, KeyPresentOnOneSideOnlyIsFound) {
  const std::vector<KeyDigest> keys = SomeKeys(100);
  const MerkleTree a = MerkleTree::Build(kWholeRing, 8, keys);
  MerkleTree b = MerkleTree::Build(kWholeRing, 8, keys);
  b.Update(5000, 1);
  int compared = 0;
  EXPECT_THAT(DiffLeaves(a, b, &compared), ElementsAre(b.LeafOf(5000)));
  EXPECT_EQ(compared, 1 + 2 * 8);
  EXPECT_TRUE(b.Erase(5000));
  EXPECT_FALSE(b.Erase(5000));
  EXPECT_EQ(a.Root(), b.Root());
}

TEST(MerkleTreeTest, TwoDifferencesInDifferentHalvesAreBothFound) {
  const MerkleTree a = MerkleTree::Build(kWholeRing, 3, {});
  // Key 1 (0x33cd..) is in leaf 1 of 8, key 42 (0xe8bd..) in leaf 7.
  const MerkleTree b = MerkleTree::Build(kWholeRing, 3, std::vector<KeyDigest>{{1, 5}, {42, 6}});
  int compared = 0;
  EXPECT_THAT(DiffLeaves(a, b, &compared), ElementsAre(1, 7));
  // Root; both children of the root (both differ); then both children of each differing
  // node on levels 1 and 2: 1 + 2 + 2*2 + 2*2 = 11.
  EXPECT_EQ(compared, 11);
}

TEST(MerkleTreeTest, DifferingChildrenForTheExchangeProtocol) {
  const MerkleTree a = MerkleTree::Build(kWholeRing, 2, std::vector<KeyDigest>{{1, 5}});
  const MerkleTree b = MerkleTree::Build(kWholeRing, 2, std::vector<KeyDigest>{{1, 6}});
  // Key 1 is in leaf 0x33cd.. >> 62 = 0: path root -> (1,0) -> (2,0).
  EXPECT_THAT(a.DifferingChildren(0, 0, b.ChildrenOf(0, 0)), ElementsAre(0));
  EXPECT_THAT(a.DifferingChildren(1, 0, b.ChildrenOf(1, 0)), ElementsAre(0));
  EXPECT_TRUE(a.DifferingChildren(1, 1, b.ChildrenOf(1, 1)).empty());
  EXPECT_EQ(a.NodeHash(1, 1), MerkleTree::kEmptyHash);  // empty subtree
}

TEST(MerkleTreeTest, LeavesAreContiguousSubRangesOfTheRange) {
  // Range = partition 1 of 4: (q, 2q]. Depth 2: four leaves of q/4 positions each.
  const KeyRange range{kQuarter, 2 * kQuarter};
  const MerkleTree tree(range, 2);
  EXPECT_EQ(tree.LeafRange(0), (KeyRange{kQuarter, kQuarter + kQuarter / 4}));
  EXPECT_EQ(tree.LeafRange(3), (KeyRange{kQuarter + 3 * (kQuarter / 4), 2 * kQuarter}));
  EXPECT_EQ(tree.LeafOfPosition(kQuarter + 1), 0u);
  EXPECT_EQ(tree.LeafOfPosition(kQuarter + kQuarter / 4), 0u);
  EXPECT_EQ(tree.LeafOfPosition(kQuarter + kQuarter / 4 + 1), 1u);
  EXPECT_EQ(tree.LeafOfPosition(2 * kQuarter), 3u);
  // A whole-ring tree of depth 0 has one leaf covering everything.
  EXPECT_TRUE(MerkleTree(kWholeRing, 0).LeafRange(0).IsWholeRing());
}

TEST(MerkleTreeTest, LeafRangesTileAWrappingRangeOfOddSize) {
  const KeyRange range{~RingPosition{0} - 10, 20};  // 31 positions, wraps
  const MerkleTree tree(range, 3);
  RingPosition expected_start = range.start;
  for (uint32_t leaf = 0; leaf < tree.LeafCount(); ++leaf) {
    const KeyRange leaf_range = tree.LeafRange(leaf);
    EXPECT_EQ(leaf_range.start, expected_start);
    EXPECT_EQ(tree.LeafOfPosition(leaf_range.start + 1), leaf);
    EXPECT_EQ(tree.LeafOfPosition(leaf_range.end), leaf);
    expected_start = leaf_range.end;
  }
  EXPECT_EQ(expected_start, range.end);
}

TEST(MerkleTreeTest, DepthForShrinksOnlyForTinyRanges) {
  EXPECT_EQ(MerkleTree::DepthFor(kWholeRing, 10), 10);
  EXPECT_EQ(MerkleTree::DepthFor(KeyRange{0, kQuarter}, 10), 10);
  EXPECT_EQ(MerkleTree::DepthFor(KeyRange{100, 108}, 10), 3);  // 8 positions
  EXPECT_EQ(MerkleTree::DepthFor(KeyRange{100, 101}, 10), 0);  // 1 position
}

TEST(MerkleTreeTest, KeysOutsideTheRangeAreNotInTheTree) {
  // Only keys whose positions fall in the range can be added; the leaf is relative to it.
  const KeyRange range{0x3000000000000000, 0x4000000000000000};
  MerkleTree tree(range, 4);
  tree.Update(1, 77);  // 0x33cd...: offset 0x03cd.. of 0x1000.. -> leaf 3
  EXPECT_EQ(tree.LeafOf(1), 3u);
  EXPECT_THAT(tree.KeysInLeaf(3), ElementsAre(KeyDigest{1, 77}));
  EXPECT_TRUE(tree.KeysInLeaf(2).empty());
}

// Deep trees store only their non-empty nodes; updates and erasures at known positions give the
// same tree, node for node, as a build over what remains.
TEST(MerkleTreeTest, DeepIncrementalTreeEqualsABuildAfterUpdatesAndErasures) {
  constexpr int kDepth = MerkleTree::kMaxDepth;
  std::vector<KeyDigest> keys = SomeKeys(300);
  MerkleTree incremental(kWholeRing, kDepth);
  for (const auto& [key, digest] : keys) incremental.UpdateAt(KeyPosition(key), key, digest);
  for (Key key = 0; key < 300; key += 3) {
    EXPECT_TRUE(incremental.EraseAt(KeyPosition(key), key));
    EXPECT_FALSE(incremental.Erase(key));
  }
  for (Key key = 1; key < 300; key += 3) incremental.Update(key, Mix64(key + 1000));
  std::vector<KeyDigest> remaining;
  for (Key key = 0; key < 300; ++key) {
    if (key % 3 == 1) remaining.emplace_back(key, Mix64(key + 1000));
    if (key % 3 == 2) remaining.emplace_back(key, Mix64(key));
  }
  const MerkleTree built = MerkleTree::Build(kWholeRing, kDepth, remaining);
  EXPECT_EQ(incremental.KeyCount(), 200u);
  EXPECT_EQ(incremental.Root(), built.Root());
  EXPECT_TRUE(incremental == built);
  for (const auto& [key, digest] : remaining) {
    const uint32_t leaf = built.LeafOf(key);
    EXPECT_EQ(incremental.NodeHash(kDepth, leaf), built.NodeHash(kDepth, leaf));
    EXPECT_NE(built.NodeHash(kDepth, leaf), MerkleTree::kEmptyHash);
  }
  // One differing digest makes the trees unequal.
  incremental.Update(2, Mix64(2) + 1);
  EXPECT_FALSE(incremental == built);
  EXPECT_NE(incremental.Root(), built.Root());
}

// A batch of updates, insertions and erasures gives the tree a Build over the result gives, in
// the dense (depth <= kDenseMaxDepth) and the sparse storage alike.
TEST(MerkleTreeTest, AppliedBatchEqualsABuildOfTheResult) {
  for (int depth : {MerkleTree::kDenseMaxDepth, MerkleTree::kDenseMaxDepth + 1, 20}) {
    MerkleTree tree = MerkleTree::Build(kWholeRing, depth, SomeKeys(200));
    std::vector<MerkleTree::Change> changes;
    std::vector<KeyDigest> result;
    for (Key key = 0; key < 300; ++key) {
      if (key % 4 == 0 && key < 200) {
        changes.push_back({KeyPosition(key), key, std::nullopt});  // erased
      } else if (key % 4 == 1 || key >= 200) {
        changes.push_back({KeyPosition(key), key, Mix64(key + 7)});  // changed or new
        result.emplace_back(key, Mix64(key + 7));
      } else {
        result.emplace_back(key, Mix64(key));  // untouched
      }
    }
    tree.Apply(changes);
    EXPECT_TRUE(tree == MerkleTree::Build(kWholeRing, depth, result)) << "depth " << depth;
    EXPECT_EQ(tree.KeyCount(), result.size());
  }
}

}  // namespace
}  // namespace dynamo
