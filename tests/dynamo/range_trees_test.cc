#include "dynamo/range_trees.h"

#include "dynamo/md5.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

constexpr RingPosition kQuarter = RingPosition{1} << 62;

TEST(RangeTreesTest, OverlapOfClockwiseRanges) {
  const KeyRange first{0, kQuarter};
  const KeyRange second{kQuarter, 2 * kQuarter};
  const KeyRange wrapping{3 * kQuarter, kQuarter / 2};
  EXPECT_FALSE(Overlaps(first, second));  // (a, b] and (b, c] share no position
  EXPECT_TRUE(Overlaps(first, wrapping));
  EXPECT_TRUE(Overlaps(wrapping, first));
  EXPECT_FALSE(Overlaps(second, wrapping));
  EXPECT_TRUE(Overlaps(KeyRange{5, 5}, second));  // the whole ring
  EXPECT_TRUE(Overlaps(KeyRange{10, 20}, KeyRange{0, 100}));  // one inside the other
}

TEST(RangeTreesTest, HoldingFindsTheOneTreeOfAPositionIncludingAWrappingRange) {
  RangeTrees trees;
  EXPECT_EQ(trees.Holding(7), nullptr);
  trees.Add(MerkleTree(KeyRange{kQuarter, 2 * kQuarter}, 4));
  trees.Add(MerkleTree(KeyRange{3 * kQuarter, kQuarter / 2}, 4));
  EXPECT_EQ(trees.size(), 2u);
  EXPECT_EQ(trees.Holding(kQuarter + 1)->range().end, 2 * kQuarter);
  EXPECT_EQ(trees.Holding(2 * kQuarter)->range().end, 2 * kQuarter);
  EXPECT_EQ(trees.Holding(kQuarter), nullptr);  // between the ranges
  EXPECT_EQ(trees.Holding(3 * kQuarter), nullptr);
  EXPECT_EQ(trees.Holding(3 * kQuarter + 1)->range().end, kQuarter / 2);  // past the top end
  EXPECT_EQ(trees.Holding(0)->range().end, kQuarter / 2);
  EXPECT_EQ(trees.Holding(~RingPosition{0})->range().end, kQuarter / 2);
  EXPECT_NE(trees.Find(KeyRange{kQuarter, 2 * kQuarter}, 4), nullptr);
  EXPECT_EQ(trees.Find(KeyRange{kQuarter, 2 * kQuarter}, 5), nullptr);  // another depth
}

TEST(RangeTreesTest, AddingDropsOverlappingTreesAndRetainKeepsOnlyListedRanges) {
  RangeTrees trees;
  trees.Add(MerkleTree(KeyRange{0, kQuarter}, 3));
  trees.Add(MerkleTree(KeyRange{kQuarter, 2 * kQuarter}, 3));
  trees.Add(MerkleTree(KeyRange{2 * kQuarter, 3 * kQuarter}, 3));
  trees.Add(MerkleTree(KeyRange{kQuarter / 2, kQuarter + 1}, 3));  // overlaps the first two
  ASSERT_EQ(trees.size(), 2u);
  EXPECT_EQ(trees.Holding(kQuarter)->range(), (KeyRange{kQuarter / 2, kQuarter + 1}));
  EXPECT_EQ(trees.Holding(1), nullptr);
  trees.Retain({KeyRange{2 * kQuarter, 3 * kQuarter}, KeyRange{0, 1}});
  ASSERT_EQ(trees.size(), 1u);
  EXPECT_EQ(trees.trees().begin()->second.range(), (KeyRange{2 * kQuarter, 3 * kQuarter}));
}

// Holding searches an index of pointers into the trees: a copy must point into its own trees,
// so changing the copy leaves the original as it was, and a moved-to set keeps finding its trees.
TEST(RangeTreesTest, ACopyOrAMoveFindsItsOwnTrees) {
  RangeTrees original;
  original.Add(MerkleTree(KeyRange{kQuarter, 2 * kQuarter}, 4));
  original.Add(MerkleTree(KeyRange{3 * kQuarter, kQuarter / 2}, 4));
  RangeTrees copy = original;
  copy.Holding(kQuarter + 1)->UpdateAt(kQuarter + 1, /*key=*/7, /*digest=*/99);
  EXPECT_NE(copy.Holding(kQuarter + 1), original.Holding(kQuarter + 1));
  EXPECT_EQ(copy.Holding(kQuarter + 1), &copy.trees().at(2 * kQuarter));
  EXPECT_EQ(original.Holding(kQuarter + 1)->KeyCount(), 0u);
  EXPECT_EQ(original.Holding(0), &original.trees().at(kQuarter / 2));

  RangeTrees assigned;
  assigned.Add(MerkleTree(KeyRange{2 * kQuarter, 2 * kQuarter + 1}, 0));
  assigned = original;
  EXPECT_EQ(assigned.Holding(0), &assigned.trees().at(kQuarter / 2));
  EXPECT_EQ(assigned.Holding(2 * kQuarter + 1), nullptr);  // the tree it held before is gone

  const MerkleTree* wrapping = original.Holding(0);
  RangeTrees moved = std::move(original);
  EXPECT_EQ(moved.Holding(0), wrapping);
  EXPECT_EQ(moved.Holding(2 * kQuarter), &moved.trees().at(2 * kQuarter));
}

}  // namespace
}  // namespace dynamo
