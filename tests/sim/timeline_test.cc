// The timeline (sim/analysis/timeline.h): bucket size choice and per-bucket values on a
// hand-built run.
#include "sim/analysis/timeline.h"

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::HistoryBuilder;
using testing::MakeVersion;

TEST(TimelineTest, BucketSizeIsRoundAndGivesAtMostSixtyBuckets) {
  EXPECT_EQ(ChooseTimelineBucketUs(100 * kSecond), 2 * kSecond);   // 50 buckets
  EXPECT_EQ(ChooseTimelineBucketUs(60 * kSecond), 1 * kSecond);    // 60
  EXPECT_EQ(ChooseTimelineBucketUs(61 * kSecond), 2 * kSecond);    // 31
  EXPECT_EQ(ChooseTimelineBucketUs(210 * kSecond), 5 * kSecond);   // 42
  EXPECT_EQ(ChooseTimelineBucketUs(1 * kMillisecond), kMillisecond);
  for (TimeUs total_us = 25 * kMillisecond; total_us < 1000 * kSecond; total_us = total_us * 7 / 5) {
    const TimeUs bucket_us = ChooseTimelineBucketUs(total_us);
    const TimeUs buckets = (total_us + bucket_us - 1) / bucket_us;
    EXPECT_LE(buckets, 60) << total_us;
    EXPECT_GE(buckets, 20) << total_us;
  }
}

// Buckets of 10 ms over 30 ms:
//   [0,10): get ok 2 ms, get timed out, put ok 4 ms        -> get 1/2, put 1/1
//   [10,20): a stale get (misses the put acknowledged at 4 ms) and a fresh one
//   [20,30): nothing; messages 5, 0, 7 by bucket.
TEST(TimelineTest, CountsEachOpInTheBucketItWasInvokedIn) {
  HistoryBuilder b;
  b.Get(1, 0, 2, {});
  b.Get(1, 1, 1001, {}, OpStatus::kTimeout);
  b.Put(1, 101, 0, 4);
  b.Get(1, 12, 15, {});
  b.Get(1, 13, 14, {MakeVersion({101})});
  RunResult result;
  result.history = b.history();
  result.sim_time_us = 30 * kMillisecond;
  result.timeline_bucket_us = 10 * kMillisecond;
  result.messages_by_bucket = {5, 0, 7};
  const Timeline timeline = ComputeTimeline(result, ComputeStaleness(result));
  ASSERT_EQ(timeline.buckets.size(), 3u);
  const TimelineBucket& first = timeline.buckets[0];
  EXPECT_EQ(first.gets_attempted, 2u);
  EXPECT_DOUBLE_EQ(first.get_availability, 0.5);
  EXPECT_EQ(first.get_p99_us, 2 * kMillisecond);
  EXPECT_EQ(first.put_p99_us, 4 * kMillisecond);
  EXPECT_DOUBLE_EQ(first.put_availability, 1.0);
  EXPECT_EQ(first.messages_sent, 5u);
  const TimelineBucket& second = timeline.buckets[1];
  EXPECT_EQ(second.start_us, 10 * kMillisecond);
  EXPECT_EQ(second.stale_reads, 1u);
  EXPECT_DOUBLE_EQ(second.stale_fraction, 0.5);
  EXPECT_EQ(second.get_p99_us, 3 * kMillisecond);
  EXPECT_EQ(second.puts_attempted, 0u);
  EXPECT_DOUBLE_EQ(second.put_availability, 1.0);  // nothing attempted, nothing refused
  EXPECT_EQ(timeline.buckets[2].messages_sent, 7u);
  EXPECT_EQ(timeline.buckets[2].gets_attempted, 0u);
}

}  // namespace
}  // namespace sim
