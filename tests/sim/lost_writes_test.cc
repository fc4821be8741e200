#include "sim/analysis/lost_writes.h"

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::HistoryBuilder;
using testing::MakeVersion;

RunResult WithFinal(const HistoryBuilder& b, bool carts, dynamo::Key key,
                    std::vector<dynamo::Version> final_versions) {
  RunResult result;
  result.history = b.history();
  result.carts = carts;
  result.last_write_wins = !carts;
  result.sim_time_us = 100 * kMillisecond;
  result.final_versions[key].assign(final_versions.begin(), final_versions.end());
  return result;
}

TEST(LostWritesTest, CartItemMissingFromTheFinalUnionIsLost) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 10, 15);
  b.Put(1, 103, 20, 25, OpStatus::kFailed);  // not acknowledged: may be missing
  const LostWritesReport report =
      ComputeLostWrites(WithFinal(b, /*carts=*/true, 1, {MakeVersion({102})}));
  EXPECT_EQ(report.acknowledged_puts, 2u);
  EXPECT_EQ(report.lost_writes, 1u);
  ASSERT_EQ(report.by_key.size(), 1u);
  EXPECT_EQ(report.by_key.front().key, 1u);
}

TEST(LostWritesTest, RegisterOverwrittenByALaterPutIsNotLostButOneLosingToAnEarlierIs) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);    // overwritten by the later 102, whose value is final: not lost
  b.Put(1, 102, 10, 15);
  EXPECT_EQ(ComputeLostWrites(WithFinal(b, false, 1, {MakeVersion({102})})).lost_writes, 0u);
  // LWW with a skewed clock: the earlier 101 won over the later 102, which is lost.
  EXPECT_EQ(ComputeLostWrites(WithFinal(b, false, 1, {MakeVersion({101})})).lost_writes, 1u);
}

}  // namespace
}  // namespace sim
