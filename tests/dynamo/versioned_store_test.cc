#include "dynamo/versioned_store.h"

#include <map>
#include <vector>

#include "dynamo/md5.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kX = 1, kY = 2;
constexpr ResolutionMode kClock = ResolutionMode::kVectorClock;
constexpr ResolutionMode kLww = ResolutionMode::kLastWriteWins;

Version Make(Value value, VectorClock clock, TimeUs lww_us = 0, NodeId writer = 0) {
  return Version{std::move(value), std::move(clock), lww_us, writer};
}

std::vector<Key> KeysIn(const VersionedStore& store, const KeyRange& range) {
  std::vector<Key> keys;
  store.ForEachInRange(range, [&](Key key, absl::Span<const Version>) { keys.push_back(key); });
  return keys;
}

TEST(VersionedStoreTest, PutGetAndOutcomes) {
  VersionedStore store;
  EXPECT_TRUE(store.Get(5).empty());
  EXPECT_EQ(store.Put(5, Make({1}, VectorClock{{kX, 1, 0}}), kClock), PutOutcome::kStored);
  EXPECT_EQ(store.Put(5, Make({1}, VectorClock{{kX, 1, 0}}), kClock), PutOutcome::kIgnored);
  EXPECT_EQ(store.Put(5, Make({2}, VectorClock{{kY, 1, 0}}), kClock), PutOutcome::kAddedSibling);
  EXPECT_EQ(store.Get(5).size(), 2u);
  EXPECT_EQ(store.Put(5, Make({1, 2, 3}, VectorClock{{kX, 1, 0}, {kY, 2, 0}}), kClock),
            PutOutcome::kReplaced);
  ASSERT_EQ(store.Get(5).size(), 1u);
  EXPECT_THAT(store.Get(5)[0].value, ElementsAre(1, 2, 3));
  EXPECT_EQ(store.size(), 1u);
  EXPECT_TRUE(store.Contains(5));
}

TEST(VersionedStoreTest, LastWriteWinsStoreKeepsOneVersion) {
  VersionedStore store;
  store.Put(8, Make({1}, {}, 100, kY), kLww);
  EXPECT_EQ(store.Put(8, Make({2}, {}, 100, kX), kLww), PutOutcome::kIgnored);
  EXPECT_EQ(store.Put(8, Make({3}, {}, 101, kX), kLww), PutOutcome::kReplaced);
  ASSERT_EQ(store.Get(8).size(), 1u);
  EXPECT_THAT(store.Get(8)[0].value, ElementsAre(3));
}

TEST(VersionedStoreTest, EraseRemovesKeyAndPositionIndex) {
  VersionedStore store;
  store.Put(1, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  store.Put(2, Make({2}, VectorClock{{kX, 1, 0}}), kClock);
  EXPECT_TRUE(store.Erase(1));
  EXPECT_FALSE(store.Erase(1));
  EXPECT_FALSE(store.Contains(1));
  EXPECT_THAT(KeysIn(store, KeyRange{0, 0}), ElementsAre(2));
}

TEST(VersionedStoreTest, IteratesInKeyOrder) {
  VersionedStore store;
  for (Key key : {42u, 7u, 1000u, 0u}) store.Put(key, Make({key}, VectorClock{{kX, 1, 0}}), kClock);
  std::vector<Key> keys;
  for (const auto& [key, siblings] : store.entries()) keys.push_back(key);
  EXPECT_THAT(keys, ElementsAre(0, 7, 42, 1000));
  EXPECT_TRUE(store.Erase(7));
  store.Put(5, Make({5}, VectorClock{{kX, 1, 0}}), kClock);
  keys.clear();
  std::vector<Value> values;
  for (const auto& [key, siblings] : store.entries()) {
    keys.push_back(key);
    values.push_back(siblings.front().value);
  }
  EXPECT_THAT(keys, ElementsAre(0, 5, 42, 1000));
  EXPECT_THAT(values, ElementsAre(Value{0}, Value{5}, Value{42}, Value{1000}));
}

// Positions (md5_test): 1 0x33cd.., 2 0x69c1.., 1000 0x6a68.., 0 0x7dea.., 42 0xe8bd...
TEST(VersionedStoreTest, RangeIterationFollowsRingPositions) {
  VersionedStore store;
  for (Key key : {0u, 1u, 2u, 42u, 1000u}) {
    store.Put(key, Make({key}, VectorClock{{kX, 1, 0}}), kClock);
  }
  EXPECT_THAT(KeysIn(store, KeyRange{0x6000000000000000, 0x7000000000000000}),
              ElementsAre(2, 1000));
  // Wraps past the top: 42 (0xe8bd..) then 1 (0x33cd..).
  EXPECT_THAT(KeysIn(store, KeyRange{0xe000000000000000, 0x4000000000000000}), ElementsAre(42, 1));
  // Start exclusive, end inclusive.
  EXPECT_THAT(KeysIn(store, KeyRange{KeyPosition(1), KeyPosition(2)}), ElementsAre(2));
  // Whole ring, clockwise from just after the start.
  EXPECT_THAT(KeysIn(store, KeyRange{0x6a00000000000000, 0x6a00000000000000}),
              ElementsAre(1000, 0, 42, 1, 2));
  EXPECT_TRUE(KeysIn(store, KeyRange{0xf000000000000000, 0xf100000000000000}).empty());
}

TEST(VersionedStoreTest, DigestDependsOnContentNotOnArrivalOrder) {
  VersionedStore one;
  VersionedStore two;
  const Version a = Make({1}, VectorClock{{kX, 1, 0}});
  const Version b = Make({2}, VectorClock{{kY, 1, 0}});
  one.Put(9, a, kClock);
  one.Put(9, b, kClock);
  two.Put(9, b, kClock);
  two.Put(9, a, kClock);
  EXPECT_EQ(one.Digest(9), two.Digest(9));
  EXPECT_TRUE(std::equal(one.Get(9).begin(), one.Get(9).end(), two.Get(9).begin(),
                         two.Get(9).end()));  // canonical sibling order
  EXPECT_EQ(one.Digest(9), SiblingsDigest(std::vector<Version>{b, a}));
  EXPECT_EQ(one.Digest(404), SiblingsDigest({}));
  two.Put(9, Make({1, 2}, VectorClock{{kX, 1, 0}, {kY, 1, 0}}), kClock);
  EXPECT_NE(one.Digest(9), two.Digest(9));
}

// Whatever the order of puts and erasures (which may move what a store keeps where), every key
// reads back exactly its own versions, absent keys read nothing, and the ordered walks see
// exactly the keys left.
TEST(VersionedStoreTest, ErasuresInAnyOrderLeaveEveryOtherKeyItsOwnVersions) {
  VersionedStore store;
  std::map<Key, Version> expected;
  for (Key key = 0; key < 100; ++key) {
    const Version version = Make({key + 1}, VectorClock{{kX, key + 1, 0}});
    store.Put(key * 7, version, kClock);
    expected[key * 7] = version;
  }
  for (Key i = 0; i < 100; i += 2) {
    const Key key = (i * 37 % 100) * 7;  // a scrambled half, including the first and last put
    EXPECT_TRUE(store.Erase(key));
    EXPECT_FALSE(store.Erase(key));
    expected.erase(key);
    store.Put(1000 + i, Make({500 + i}, VectorClock{{kY, 1, 0}}), kClock);  // a put in between
    expected[1000 + i] = Make({500 + i}, VectorClock{{kY, 1, 0}});
  }
  EXPECT_EQ(store.size(), expected.size());
  for (Key key = 0; key < 1100; ++key) {
    const auto it = expected.find(key);
    if (it == expected.end()) {
      EXPECT_TRUE(store.Get(key).empty()) << key;
      EXPECT_FALSE(store.Contains(key)) << key;
    } else {
      ASSERT_EQ(store.Get(key).size(), 1u) << key;
      EXPECT_EQ(store.Get(key).front(), it->second) << key;
    }
  }
  std::vector<Key> walked;
  for (const auto& [key, versions] : store.entries()) {
    walked.push_back(key);
    EXPECT_EQ(versions.front(), expected.at(key));
  }
  std::vector<Key> keys;
  for (const auto& [key, version] : expected) keys.push_back(key);
  EXPECT_EQ(walked, keys);
  size_t in_ring = 0;
  store.ForEachInRange(KeyRange{0, 0}, [&](Key key, absl::Span<const Version> versions) {
    ++in_ring;
    EXPECT_EQ(versions.front(), expected.at(key));
  });
  EXPECT_EQ(in_ring, expected.size());
}

// A tree the store was asked for follows every Put and Erase of a key in its range, and equals a
// rebuild from the stored keys; keys outside the range leave it alone.
TEST(VersionedStoreTest, KeptTreeFollowsPutsAndErasures) {
  constexpr RingPosition kHalf = RingPosition{1} << 63;
  const KeyRange lower{0, kHalf};  // wraps nothing: (0, 2^63]
  VersionedStore store;
  for (Key key = 0; key < 40; ++key) store.Put(key, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  const uint64_t root_before = store.Tree(lower, 8).Root();
  EXPECT_EQ(store.trees().size(), 1u);
  EXPECT_EQ(store.Tree(lower, 8), store.BuildTree(lower, 8));
  Key inside = 0, outside = 0;
  while (!lower.Contains(KeyPosition(inside))) ++inside;
  while (lower.Contains(KeyPosition(outside))) ++outside;
  store.Put(outside, Make({2}, VectorClock{{kY, 1, 0}}), kClock);
  EXPECT_EQ(store.Tree(lower, 8).Root(), root_before);
  store.Put(inside, Make({2}, VectorClock{{kY, 1, 0}}), kClock);  // a sibling
  EXPECT_NE(store.Tree(lower, 8).Root(), root_before);
  EXPECT_TRUE(store.TreesMatchRebuild());
  store.Put(1000, Make({3}, VectorClock{{kY, 1, 0}}), kClock);  // a new key, wherever it lies
  EXPECT_TRUE(store.Erase(inside));
  EXPECT_TRUE(store.TreesMatchRebuild());
  EXPECT_EQ(store.Tree(lower, 8), store.BuildTree(lower, 8));
  // A tree of an overlapping range replaces it; RetainTrees drops what is not listed.
  store.Tree(KeyRange{kHalf / 2, kHalf + kHalf / 2}, 8);
  EXPECT_EQ(store.trees().size(), 1u);
  store.Tree(KeyRange{kHalf + kHalf / 2, kHalf / 2}, 8);  // wraps past the top
  EXPECT_EQ(store.trees().size(), 2u);
  store.Put(2000, Make({4}, VectorClock{{kX, 2, 0}}), kClock);
  EXPECT_TRUE(store.TreesMatchRebuild());
  store.RetainTrees({KeyRange{kHalf + kHalf / 2, kHalf / 2}});
  EXPECT_EQ(store.trees().size(), 1u);
  EXPECT_EQ(store.trees().trees().begin()->second.range(),
            (KeyRange{kHalf + kHalf / 2, kHalf / 2}));
}

// Each kept tree takes the changes noted with it when it is read, whatever was read before; a
// tree built in the place of another (here: the same range end, a narrower range) starts from
// the store and never takes its predecessor's notes (some of which lie outside its range).
TEST(VersionedStoreTest, EachTreeTakesItsOwnChangesAndATreeInItsPlaceNoneOfItsPredecessors) {
  constexpr RingPosition kHalf = RingPosition{1} << 63;
  const KeyRange lower{0, kHalf};
  const KeyRange upper{kHalf, 0};  // wraps past the top
  VersionedStore store;
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  store.Tree(lower, 6);
  store.Tree(upper, 6);
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({2}, VectorClock{{kY, 1, 0}}), kClock);
  EXPECT_EQ(store.Tree(lower, 6), store.BuildTree(lower, 6));
  for (Key key = 0; key < 60; key += 3) EXPECT_TRUE(store.Erase(key));
  EXPECT_EQ(store.Tree(upper, 6), store.BuildTree(upper, 6));  // both batches at once
  const KeyRange narrower{kHalf / 2, kHalf};  // ends where `lower` ends
  EXPECT_EQ(store.Tree(narrower, 6), store.BuildTree(narrower, 6));
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({3}, VectorClock{{kX, 2, 0}}), kClock);
  EXPECT_EQ(store.Tree(narrower, 6), store.BuildTree(narrower, 6));
  EXPECT_TRUE(store.TreesMatchRebuild());
  EXPECT_EQ(store.trees().size(), 2u);
}

// Notes wait in one log until a tree is read (versioned_store.h). Notes taken for a tree that is
// then replaced (a narrower range with the same end) or dropped (RetainTrees), before any tree
// was read, must never reach the tree that takes its place: some lie outside its range, and all
// are already in the store it was built from.
TEST(VersionedStoreTest, NotesLoggedBeforeATreeIsReplacedNeverReachItsSuccessor) {
  constexpr RingPosition kHalf = RingPosition{1} << 63;
  const KeyRange lower{0, kHalf};
  const KeyRange upper{kHalf, 0};
  const KeyRange narrower{kHalf / 2, kHalf};  // ends where `lower` ends
  VersionedStore store;
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  store.Tree(lower, 6);
  store.Tree(upper, 6);
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({2}, VectorClock{{kY, 1, 0}}), kClock);
  for (Key key = 0; key < 60; key += 4) EXPECT_TRUE(store.Erase(key));
  EXPECT_EQ(store.Tree(narrower, 6), store.BuildTree(narrower, 6));
  for (Key key = 1; key < 60; key += 2) store.Put(key, Make({3}, VectorClock{{kX, 2}}), kClock);
  EXPECT_EQ(store.Tree(narrower, 6), store.BuildTree(narrower, 6));
  EXPECT_EQ(store.Tree(upper, 6), store.BuildTree(upper, 6));
  // Dropped with notes waiting, then built again over the same range.
  for (Key key = 0; key < 60; ++key) store.Put(key, Make({4}, VectorClock{{kY, 2}}), kClock);
  store.RetainTrees({narrower});
  EXPECT_EQ(store.trees().size(), 1u);
  for (Key key = 0; key < 60; key += 5) store.Put(key, Make({5}, VectorClock{{kX, 3}}), kClock);
  EXPECT_EQ(store.Tree(upper, 6), store.BuildTree(upper, 6));
  EXPECT_EQ(store.Tree(narrower, 6), store.BuildTree(narrower, 6));
  EXPECT_TRUE(store.TreesMatchRebuild());
}

// Changes between two reads of a tree are applied at the read from their notes: a key changed
// several times must end as its last change left it (erased, re-put, overwritten), whichever
// note came first.
TEST(VersionedStoreTest, KeptTreeTakesEachKeysLastChangeBetweenReads) {
  const KeyRange whole{0, 0};  // the whole ring
  VersionedStore store;
  for (Key key = 0; key < 20; ++key) store.Put(key, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  store.Tree(whole, 6);
  store.Put(1, Make({2}, VectorClock{{kX, 2, 0}}), kClock);  // put, erase, put again
  EXPECT_TRUE(store.Erase(1));
  store.Put(1, Make({3}, VectorClock{{kY, 1, 0}}), kClock);
  store.Put(2, Make({2}, VectorClock{{kX, 2, 0}}), kClock);  // put, then erased
  EXPECT_TRUE(store.Erase(2));
  store.Put(3, Make({2}, VectorClock{{kY, 1, 0}}), kClock);  // a sibling, then both superseded
  store.Put(3, Make({4}, VectorClock{{kX, 2, 0}, {kY, 1, 0}}), kClock);
  store.Put(30, Make({5}, VectorClock{{kY, 1, 0}}), kClock);  // a new key
  EXPECT_EQ(store.Tree(whole, 6), store.BuildTree(whole, 6));
  EXPECT_EQ(store.Tree(whole, 6).KeyCount(), 20u);  // 0..19 without 2, with 30
  VersionedStore same;  // the end state written directly
  for (Key key = 0; key < 20; ++key) {
    if (key != 1 && key != 2) same.Put(key, Make({1}, VectorClock{{kX, 1, 0}}), kClock);
  }
  same.Put(1, Make({3}, VectorClock{{kY, 1, 0}}), kClock);
  same.Put(3, Make({4}, VectorClock{{kX, 2, 0}, {kY, 1, 0}}), kClock);
  same.Put(30, Make({5}, VectorClock{{kY, 1, 0}}), kClock);
  EXPECT_EQ(store.Tree(whole, 6).Root(), same.Tree(whole, 6).Root());
}

}  // namespace
}  // namespace dynamo
