// The History's version table (sim/version_table.h) keeps versions encoded: whatever goes in
// must come back field for field, equal versions must share one id and versions that differ in
// any field must not.
#include "sim/version_table.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "sim/engine/prng.h"

namespace sim {
namespace {

constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();
constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// A version with every field set, at the limits where an encoding breaks first.
dynamo::Version Extreme() {
  dynamo::Version v;
  v.value = dynamo::Value({0, 1, 127, 128, uint64_t{1} << 32 | 7, kMax64});
  v.clock = dynamo::VectorClock({{0, 1, kMinTime},
                                 {1, kMax64, -1},
                                 {UINT32_MAX, 128, kMaxTime}});
  v.lww_timestamp_us = -5;
  v.writer = UINT32_MAX;
  v.dot_counter = kMax64;
  v.dot_past = kMax64 - 1;
  v.dot_node = 1;
  v.extra_dots = {{0, 3}, {UINT32_MAX, kMax64}};
  return v;
}

dynamo::Version Random(Prng& prng) {
  dynamo::Version v;
  std::vector<uint64_t> items;
  uint64_t item = prng.Below(1000);
  for (uint64_t i = prng.Below(4); i > 0; --i) items.push_back(item += 1 + prng.Below(1u << 20));
  if (!items.empty()) v.value = dynamo::Value(std::move(items));
  std::vector<dynamo::ClockEntry> entries;
  uint32_t node = static_cast<uint32_t>(prng.Below(3));
  for (uint64_t i = prng.Below(6); i > 0; --i) {
    entries.push_back({node, 1 + prng.Below(1000), static_cast<int64_t>(prng.Below(1u << 30))});
    node += 1 + static_cast<uint32_t>(prng.Below(100));
  }
  v.clock = dynamo::VectorClock(absl::MakeConstSpan(entries));
  v.lww_timestamp_us = static_cast<int64_t>(prng.Below(1u << 30));
  v.writer = static_cast<uint32_t>(prng.Below(64));
  v.dot_counter = prng.Below(5);
  v.dot_past = prng.Below(5);
  v.dot_node = static_cast<uint32_t>(prng.Below(64));
  if (prng.Below(4) == 0) v.extra_dots = {{2, prng.Below(9) + 1}};
  return v;
}

TEST(VersionTableTest, EveryFieldComesBackAtItsLimits) {
  VersionTable table;
  const dynamo::Version v = Extreme();
  const VersionId id = table.Intern(v);
  EXPECT_EQ(table.Get(id), v);
  EXPECT_EQ(table.Get(table.Intern(dynamo::Version())), dynamo::Version());
  EXPECT_EQ(table.size(), 2u);
}

TEST(VersionTableTest, EqualVersionsShareAnIdAndAnyDifferentFieldMakesANewOne) {
  VersionTable table;
  const dynamo::Version base = Extreme();
  const VersionId base_id = table.Intern(base);
  std::vector<dynamo::Version> variants(10, base);
  variants[0].value = dynamo::Value({0, 1, 127, 128, uint64_t{1} << 32 | 7});
  variants[1].clock = dynamo::VectorClock({{0, 1, kMinTime}, {1, kMax64, -1}});
  variants[2].clock = dynamo::VectorClock({{0, 1, kMinTime}, {1, kMax64, 0}, {UINT32_MAX, 128, kMaxTime}});
  variants[3].lww_timestamp_us = 5;
  variants[4].writer = 0;
  variants[5].dot_counter = 0;
  variants[6].dot_past = 0;
  variants[7].dot_node = 2;
  variants[8].extra_dots.pop_back();
  variants[9].value = dynamo::Value();
  std::vector<VersionId> ids;
  for (const dynamo::Version& v : variants) {
    ASSERT_NE(v, base);
    ids.push_back(table.Intern(v));
    EXPECT_NE(ids.back(), base_id);
    EXPECT_EQ(table.Get(ids.back()), v);
  }
  EXPECT_EQ(table.size(), 11u);
  // Interning again names the same entries, and adds none.
  EXPECT_EQ(table.Intern(base), base_id);
  for (size_t i = 0; i < variants.size(); ++i) EXPECT_EQ(table.Intern(variants[i]), ids[i]);
  EXPECT_EQ(table.size(), 11u);
  // Without its value, a version is the one with an empty value.
  EXPECT_EQ(table.Intern(base, /*keep_value=*/false), ids[9]);
}

// A hint (history.h: the version the put of a read's newest item was acknowledged with) is taken
// only when it is the version: a wrong one, one past the table, or one that differs only in the
// value kept, changes no id and adds nothing twice.
TEST(VersionTableTest, AHintIsTakenOnlyWhenItIsTheVersion) {
  VersionTable table;
  const dynamo::Version a = Extreme();
  dynamo::Version b = a;
  b.dot_past = 0;
  const VersionId id_a = table.Intern(a);
  const VersionId id_b = table.Intern(b);
  ASSERT_NE(id_a, id_b);
  EXPECT_EQ(table.Intern(a, true, id_a), id_a);
  EXPECT_EQ(table.Intern(a, true, id_b), id_a);
  EXPECT_EQ(table.Intern(b, true, id_a), id_b);
  EXPECT_EQ(table.Intern(a, true, 999), id_a);
  EXPECT_EQ(table.Intern(a, true, kNoVersion), id_a);
  EXPECT_EQ(table.size(), 2u);
  // Without its value, `a` is a version of its own, whatever the hint says.
  const VersionId bare = table.Intern(a, /*keep_value=*/false, id_a);
  EXPECT_NE(bare, id_a);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.Intern(a, /*keep_value=*/false, id_b), bare);
  EXPECT_EQ(table.Intern(a, /*keep_value=*/false, bare), bare);
  // A version not yet in the table is appended even with a hint.
  const dynamo::Version fresh = dynamo::Version();
  EXPECT_EQ(table.Intern(fresh, true, id_a), 3u);
  EXPECT_EQ(table.Intern(fresh), 3u);
  EXPECT_EQ(table.size(), 4u);
  EXPECT_EQ(table.Get(id_a), a);
  EXPECT_EQ(table.Get(id_b), b);
}

// Thousands of random versions, a third of them repeated, and a value far longer than a byte chunk between
// them: ids are dense in order of first appearance and each decodes to what went in.
TEST(VersionTableTest, ManyVersionsAndOneLargerThanAChunkRoundTrip) {
  Prng prng(7);
  VersionTable table;
  std::vector<dynamo::Version> distinct;
  for (int i = 0; i < 5000; ++i) {
    // Every third one repeats a version drawn before (gets return what puts wrote).
    dynamo::Version v =
        i % 3 == 2 ? distinct[prng.Below(distinct.size())] : Random(prng);
    if (i == 2500) {
      std::vector<uint64_t> items;
      for (uint64_t item = 0; item < 30000; ++item) items.push_back(kMax64 - 30000 + item);
      v.value = dynamo::Value(std::move(items));  // about 300 KB encoded, past a 64 KiB chunk
    }
    const VersionId id = table.Intern(v);
    if (id == distinct.size()) {
      distinct.push_back(v);
    } else {
      ASSERT_LT(id, distinct.size());
      EXPECT_EQ(distinct[id], v);
    }
  }
  ASSERT_EQ(table.size(), distinct.size());
  EXPECT_GT(distinct.size(), 3000u);
  EXPECT_LE(distinct.size(), 3334u);  // a third repeat
  for (VersionId id = 0; id < distinct.size(); ++id) ASSERT_EQ(table.Get(id), distinct[id]);

  // A copy reads the same and grows on its own.
  VersionTable copy = table;
  for (VersionId id = 0; id < distinct.size(); ++id) ASSERT_EQ(copy.Get(id), distinct[id]);
  const dynamo::Version fresh = Extreme();
  const VersionId in_copy = copy.Intern(fresh);
  EXPECT_EQ(in_copy, distinct.size());
  EXPECT_EQ(copy.Get(in_copy), fresh);
  EXPECT_EQ(table.size(), distinct.size());
}

TEST(VersionTableDeathTest, AnIdNotInTheTableIsAnInternalError) {
  VersionTable table;
  table.Intern(Extreme());
  EXPECT_DEATH(table.Get(1), "no such version");
}

}  // namespace
}  // namespace sim
