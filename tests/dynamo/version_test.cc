#include "dynamo/version.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "dynamo/hash.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

Version Make(Value value, VectorClock clock, TimeUs lww_us = 0, NodeId writer = 0) {
  return Version{std::move(value), std::move(clock), lww_us, writer};
}

TEST(VersionTest, IsValidValue) {
  EXPECT_TRUE(IsValidValue({}));
  EXPECT_TRUE(IsValidValue({1, 5, 9}));
  EXPECT_FALSE(IsValidValue({1, 1}));
  EXPECT_FALSE(IsValidValue({2, 1}));
}

TEST(VersionTest, VersionLessOrdersByClockThenValueThenLww) {
  const Version a = Make({9}, VectorClock{{1, 1, 0}});
  const Version b = Make({1}, VectorClock{{1, 2, 0}});
  const Version c = Make({1}, VectorClock{{2, 1, 0}});
  EXPECT_TRUE(VersionLess(a, b));  // counter 1 < 2, value not consulted
  EXPECT_TRUE(VersionLess(b, c));  // node 1 < node 2
  EXPECT_FALSE(VersionLess(c, a));
  const Version d = Make({1}, VectorClock{{1, 1, 0}});
  EXPECT_TRUE(VersionLess(d, a));  // same clock, value {1} < {9}
  EXPECT_TRUE(VersionLess(Make({1}, {}, 5, 0), Make({1}, {}, 6, 0)));
  EXPECT_TRUE(VersionLess(Make({1}, {}, 5, 1), Make({1}, {}, 5, 2)));
  EXPECT_FALSE(VersionLess(a, a));
}

TEST(VersionTest, DigestSeesEveryField) {
  const Version base = Make({1, 2}, VectorClock{{1, 1, 10}}, 100, 3);
  const uint64_t digest = VersionDigest(base);
  EXPECT_EQ(VersionDigest(base), digest);
  EXPECT_NE(VersionDigest(Make({1, 3}, VectorClock{{1, 1, 10}}, 100, 3)), digest);
  EXPECT_NE(VersionDigest(Make({1, 2}, VectorClock{{1, 2, 10}}, 100, 3)), digest);
  EXPECT_NE(VersionDigest(Make({1, 2}, VectorClock{{1, 1, 11}}, 100, 3)), digest);
  EXPECT_NE(VersionDigest(Make({1, 2}, VectorClock{{2, 1, 10}}, 100, 3)), digest);
  EXPECT_NE(VersionDigest(Make({1, 2}, VectorClock{{1, 1, 10}}, 101, 3)), digest);
  EXPECT_NE(VersionDigest(Make({1, 2}, VectorClock{{1, 1, 10}}, 100, 4)), digest);
  // The item count is hashed, so an empty value and {0} differ.
  EXPECT_NE(VersionDigest(Make({}, {})), VersionDigest(Make({0}, {})));
}

TEST(VersionTest, SiblingsDigestIsOrderIndependent) {
  const Version a = Make({1}, VectorClock{{1, 1, 10}});
  const Version b = Make({2}, VectorClock{{2, 1, 10}});
  const Version c = Make({3}, VectorClock{{3, 1, 10}});
  const std::vector<Version> abc = {a, b, c};
  const std::vector<Version> cab = {c, a, b};
  EXPECT_EQ(SiblingsDigest(abc), SiblingsDigest(cab));
  EXPECT_NE(SiblingsDigest(abc), SiblingsDigest(std::vector<Version>{a, b}));
  EXPECT_NE(SiblingsDigest(std::vector<Version>{a}), SiblingsDigest({}));
}

// Regression pins: digests feed Merkle trees and reports and must never change between
// compilers or releases. Expected values come from an independent Python transcription of
// hash.h and VersionDigest/SiblingsDigest.
TEST(VersionTest, DigestsAreStable) {
  const Version v = Make({1, 2}, VectorClock{{1, 1, 10}}, 100, 3);
  EXPECT_EQ(VersionDigest(v), 0x6f9851ed41a287b0u);
  EXPECT_EQ(SiblingsDigest({}), 0x41e86b2eb30e4984u);
  EXPECT_EQ(SiblingsDigest(std::vector<Version>{v}), 0xf18a988c99735732u);
}

TEST(VersionTest, UnionOfValuesIsTheSortedUnion) {
  const std::vector<Version> carts = {Make({1, 4}, {}), Make({2, 4, 9}, {}), Make({}, {})};
  EXPECT_THAT(UnionOfValues(carts), ElementsAre(1, 2, 4, 9));
  EXPECT_TRUE(UnionOfValues({}).empty());
}

TEST(VersionTest, CopiesOfAValueShareItsItems) {
  const Value cart = Value::Items{3, 5, 8};
  const Version a = Make(cart, VectorClock{{1, 1, 0}});
  const Version b = a;  // a reply's copy of a stored version
  EXPECT_EQ(b.value.items().data(), cart.items().data());
  // One version, or siblings that all hold it: the union is the shared value itself.
  EXPECT_EQ(UnionOfValues(std::vector<Version>{a, b}).items().data(), cart.items().data());
  // The cached hash is the fold VersionDigest always began with.
  EXPECT_EQ(cart.hash(), HashCombine(HashCombine(HashCombine(HashCombine(0, 3), 3), 5), 8));
  EXPECT_EQ(Value().hash(), HashCombine(0, 0));
}

TEST(VersionTest, WithItemAddsInOrderWithoutChangingTheOriginal) {
  const Value cart = {2, 7};
  EXPECT_THAT(WithItem(cart, 5), ElementsAre(2, 5, 7));
  EXPECT_THAT(WithItem(cart, 9), ElementsAre(2, 7, 9));
  EXPECT_THAT(WithItem(Value(), 1), ElementsAre(1));
  EXPECT_THAT(cart, ElementsAre(2, 7));
  EXPECT_FALSE(IsValidValue(WithItem(cart, 7)));  // a duplicate item: not a valid value
}

}  // namespace
}  // namespace dynamo
