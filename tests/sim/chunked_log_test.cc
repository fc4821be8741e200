// ChunkedLog (sim/chunked_log.h), the history's op storage: indices, iteration, copies and the
// property the history relies on, that appending never moves an element.
#include "sim/chunked_log.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace sim {
namespace {

using SmallLog = ChunkedLog<uint64_t, 4>;  // chunks of 4: every test crosses chunk boundaries

SmallLog Numbers(uint64_t count) {
  SmallLog log;
  for (uint64_t i = 0; i < count; ++i) log.emplace_back() = i * 10;
  return log;
}

TEST(ChunkedLogTest, IndicesAndBackFollowAppendOrderAcrossChunks) {
  const SmallLog log = Numbers(9);
  ASSERT_EQ(log.size(), 9u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i], i * 10) << i;
  EXPECT_EQ(log.back(), 80u);
  EXPECT_TRUE(SmallLog().empty());
}

TEST(ChunkedLogTest, AppendedElementsStartValueInitialized) {
  ChunkedLog<std::vector<int>, 2> log;
  log.emplace_back().push_back(7);
  EXPECT_TRUE(log.emplace_back().empty());
  EXPECT_TRUE(log.emplace_back().empty());  // the first element of a new chunk
  EXPECT_EQ(log[0], std::vector<int>{7});
}

TEST(ChunkedLogTest, AppendingNeverMovesAnElement) {
  SmallLog log;
  std::vector<const uint64_t*> addresses;
  for (uint64_t i = 0; i < 50; ++i) {
    log.emplace_back() = i;
    addresses.push_back(&log[i]);
  }
  for (uint64_t i = 0; i < 50; ++i) {
    EXPECT_EQ(&log[i], addresses[i]) << i;
    EXPECT_EQ(*addresses[i], i);
  }
}

TEST(ChunkedLogTest, IteratesInOrderAndSupportsBinarySearch) {
  SmallLog log = Numbers(11);
  std::vector<uint64_t> seen;
  for (const uint64_t value : log) seen.push_back(value);
  EXPECT_EQ(seen, (std::vector<uint64_t>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}));
  EXPECT_EQ(std::lower_bound(log.begin(), log.end(), 55) - log.begin(), 6);
  EXPECT_EQ(std::lower_bound(log.begin(), log.end(), 1000) - log.begin(), 11);
  EXPECT_EQ(log.end() - log.begin(), 11);
  for (uint64_t& value : log) value += 1;
  EXPECT_EQ(log[10], 101u);
}

TEST(ChunkedLogTest, CopiesAreDeepAndIndependent) {
  const SmallLog original = Numbers(6);
  SmallLog copy = original;
  copy[0] = 99;
  copy.emplace_back() = 60;
  EXPECT_EQ(original[0], 0u);
  EXPECT_EQ(original.size(), 6u);
  ASSERT_EQ(copy.size(), 7u);
  EXPECT_EQ(copy[5], 50u);
  SmallLog assigned;
  assigned = original;
  EXPECT_EQ(assigned.size(), 6u);
  EXPECT_EQ(assigned[5], 50u);
}

}  // namespace
}  // namespace sim
