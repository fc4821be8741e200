#include "dynamo/key_range.h"

#include "gtest/gtest.h"

namespace dynamo {
namespace {

constexpr RingPosition kTop = ~RingPosition{0};

TEST(KeyRangeTest, ContainsIsHalfOpenExclusiveStartInclusiveEnd) {
  const KeyRange range{10, 20};
  EXPECT_FALSE(range.Contains(10));
  EXPECT_TRUE(range.Contains(11));
  EXPECT_TRUE(range.Contains(20));
  EXPECT_FALSE(range.Contains(21));
  EXPECT_FALSE(range.Contains(0));
  EXPECT_EQ(range.SizeMinusOne(), 9u);
}

TEST(KeyRangeTest, WrapAroundRange) {
  const KeyRange range{kTop - 2, 5};
  EXPECT_FALSE(range.Contains(kTop - 2));
  EXPECT_TRUE(range.Contains(kTop - 1));
  EXPECT_TRUE(range.Contains(kTop));
  EXPECT_TRUE(range.Contains(0));
  EXPECT_TRUE(range.Contains(5));
  EXPECT_FALSE(range.Contains(6));
  EXPECT_EQ(range.SizeMinusOne(), 7u);  // kTop-1, kTop, 0..5 = 8 positions
}

TEST(KeyRangeTest, EqualStartAndEndIsTheWholeRing) {
  const KeyRange range{7, 7};
  EXPECT_TRUE(range.IsWholeRing());
  EXPECT_TRUE(range.Contains(7));
  EXPECT_TRUE(range.Contains(0));
  EXPECT_TRUE(range.Contains(kTop));
  EXPECT_EQ(range.SizeMinusOne(), kTop);
}

}  // namespace
}  // namespace dynamo
