#include "sim/analysis/summary.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sim/run_result_fixture.h"

namespace sim {
namespace {

using ::testing::HasSubstr;

TEST(RunSummaryTest, ComputesEveryPart) {
  const RunResult result = testing::SmallRunResult();
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_EQ(summary.ops.get.attempted, 4u);
  EXPECT_EQ(summary.ops.get.succeeded, 3u);
  EXPECT_EQ(summary.ops.get.latency.p50_us, 3 * kMillisecond);
  EXPECT_EQ(summary.ops.get.latency.max_us, 8 * kMillisecond);
  EXPECT_EQ(summary.ops.put.attempted, 3u);
  EXPECT_EQ(summary.ops.put.succeeded, 2u);
  EXPECT_EQ(summary.staleness.stale_reads, 1u);
  EXPECT_EQ(summary.siblings.max_versions, 2);
  EXPECT_EQ(summary.messages.sent, 300u);
  EXPECT_EQ(summary.messages.dropped, 7u);
  ASSERT_EQ(summary.messages.by_kind.size(), 3u);
  EXPECT_EQ(summary.messages.by_kind[2].kind, "gossip");
}

TEST(SummaryTableTest, ShowsEverySectionAndEndsWithTheDigest) {
  const RunResult result = testing::SmallRunResult();
  const std::string table = FormatSummaryTable(ComputeRunSummary(result), result);
  EXPECT_THAT(table, HasSubstr("\ndigest: 0123456789abcdef\n"));
  EXPECT_TRUE(table.ends_with("digest: 0123456789abcdef\n")) << table;
  EXPECT_THAT(table, HasSubstr("scenario: two-puts\n"));
  EXPECT_THAT(table, HasSubstr("seed: 42\n"));
  EXPECT_THAT(table, HasSubstr("events: 12345\n"));
  EXPECT_THAT(table, HasSubstr("sim time: 90.000500 s\n"));
  EXPECT_THAT(table, HasSubstr("wall time: 0.250 s\n"));
  EXPECT_THAT(table, HasSubstr("stale reads: 1 of 3 successful gets"));
  EXPECT_THAT(table, HasSubstr("messages: sent 300, dropped 7\n"));
  EXPECT_THAT(table, HasSubstr("gossip"));
  EXPECT_THAT(table, HasSubstr("p99.9 ms"));
  // The get row: 4 attempted, 3 succeeded, mean (2 + 3 + 8) / 3 ms, p50 3 ms, max 8 ms.
  EXPECT_THAT(table, HasSubstr("get                 4          3     0.750000      4.333      3.000"
                               "      8.000      8.000      8.000\n"));
  // By mechanism: get and put_ack are replication, every mechanism has a row.
  EXPECT_THAT(table, HasSubstr("  mechanism                   count            bytes\n"));
  EXPECT_THAT(table, HasSubstr("  replication                   150             8000\n"));
  EXPECT_THAT(table, HasSubstr("  merkle                          0                0\n"));
}

TEST(SummaryTableTest, WallTimeNotMeasuredIsSaidSo) {
  RunResult result = testing::SmallRunResult();
  result.wall_time_s = 0;
  const std::string table = FormatSummaryTable(ComputeRunSummary(result), result);
  EXPECT_THAT(table, HasSubstr("wall time: not measured\n"));
}

TEST(SummaryTableTest, LongHistogramsAreCut) {
  RunResult result = testing::SmallRunResult();
  RunSummary summary = ComputeRunSummary(result);
  for (int k = 0; k < 40; ++k) summary.staleness.k_histogram[k] = 1;
  const std::string table = FormatSummaryTable(summary, result);
  EXPECT_THAT(table, HasSubstr("... 28 more rows, up to 39\n"));
}

}  // namespace
}  // namespace sim
