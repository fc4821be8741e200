// Time sums saturate instead of overflowing, and a sampled delay never exceeds the format's
// longest duration: a Pareto latency with a tiny shape used to overflow a signed sum (exit 134).
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "sim/engine/distribution.h"
#include "sim/engine/prng.h"
#include "sim/engine/scheduler.h"
#include "sim/engine/time.h"

namespace sim {
namespace {

constexpr TimeUs kMax = std::numeric_limits<TimeUs>::max();
constexpr TimeUs kMin = std::numeric_limits<TimeUs>::min();

TEST(SaturatingTimeTest, SaturatingAddClampsAtBothEnds) {
  EXPECT_EQ(SaturatingAdd(2, 3), 5);
  EXPECT_EQ(SaturatingAdd(-2, 3), 1);
  EXPECT_EQ(SaturatingAdd(kMax - 1, 1), kMax);
  EXPECT_EQ(SaturatingAdd(kMax - 1, 2), kMax);
  EXPECT_EQ(SaturatingAdd(kMax, kMax), kMax);
  EXPECT_EQ(SaturatingAdd(kMin + 1, -2), kMin);
  EXPECT_EQ(SaturatingAdd(kMin, kMax), -1);
}

TEST(SaturatingTimeTest, ParetoWithATinyShapeIsCappedAtTheLongestDuration) {
  const Distribution pareto = Distribution::Pareto(kMillisecond, 0.001);
  Prng prng(1);
  int capped = 0;
  for (int i = 0; i < 1000; ++i) {
    const TimeUs sample = pareto.SampleUs(prng);
    ASSERT_GE(sample, kMillisecond);
    ASSERT_LE(sample, kLongestDurationUs);
    capped += sample == kLongestDurationUs ? 1 : 0;
  }
  EXPECT_GT(capped, 900);  // (1-u)^(-1000) exceeds 3.2e12 unless u < 0.03
}

TEST(SaturatingTimeTest, SchedulingFarBeyondTheEndOfTimeNeverRuns) {
  Scheduler scheduler;
  int ran = 0;
  scheduler.ScheduleAfter(kMax, [&ran] { ++ran; });
  scheduler.ScheduleAfter(5, [&ran, &scheduler] {
    ++ran;
    scheduler.ScheduleAfter(kMax, [&ran] { ++ran; });  // now + kMax saturates
  });
  EXPECT_TRUE(scheduler.RunUntil(kLongestDurationUs));
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace sim
