// Mean and 95% interval over seeds (sim/report/seed_interval.h): the t quantiles against a
// standard table, a three-sample case computed by hand, and the overlap rule comparisons use.
#include <cmath>

#include "gtest/gtest.h"
#include "sim/report/seed_interval.h"

namespace sim::report {
namespace {

TEST(SeedIntervalTest, StudentQuantilesMatchTheTable) {
  EXPECT_DOUBLE_EQ(StudentT975(1), 12.7062);
  EXPECT_DOUBLE_EQ(StudentT975(2), 4.3027);
  EXPECT_DOUBLE_EQ(StudentT975(4), 2.7764);
  EXPECT_DOUBLE_EQ(StudentT975(9), 2.2622);
  EXPECT_DOUBLE_EQ(StudentT975(30), 2.0423);
  // Between table points the smaller df's quantile: never a narrower interval.
  EXPECT_DOUBLE_EQ(StudentT975(35), 2.0423);
  EXPECT_DOUBLE_EQ(StudentT975(40), 2.0211);
  EXPECT_DOUBLE_EQ(StudentT975(59), 2.0211);
  EXPECT_DOUBLE_EQ(StudentT975(100), 2.0003);
  EXPECT_DOUBLE_EQ(StudentT975(5000), 1.9799);
  // Decreasing in df, towards the normal 1.96.
  for (size_t df = 1; df < 200; ++df) EXPECT_GE(StudentT975(df), StudentT975(df + 1)) << df;
}

TEST(SeedIntervalTest, ThreeSamplesByHand) {
  // 0.9, 1.0, 1.1: mean 1.0, deviations -0.1, 0, 0.1, s = sqrt(0.02 / 2) = 0.1,
  // half-width = t(0.975, 2) * 0.1 / sqrt(3) = 4.3027 * 0.057735 = 0.248417.
  const SeedInterval interval = MeanInterval({0.9, 1.0, 1.1});
  EXPECT_EQ(interval.n, 3u);
  EXPECT_NEAR(interval.mean, 1.0, 1e-12);
  EXPECT_NEAR(interval.half_width, 0.248417, 1e-6);
  EXPECT_NEAR(interval.low(), 0.751583, 1e-6);
  EXPECT_NEAR(interval.high(), 1.248417, 1e-6);
  // Two samples 10 and 14: mean 12, s = sqrt(8) , half = 12.7062 * sqrt(8) / sqrt(2) = 25.4124.
  const SeedInterval two = MeanInterval({10, 14});
  EXPECT_DOUBLE_EQ(two.mean, 12);
  EXPECT_NEAR(two.half_width, 25.4124, 1e-9);
}

TEST(SeedIntervalTest, OneSeedIsAPointAndEqualSamplesHaveNoSpread) {
  const SeedInterval one = MeanInterval({0.75});
  EXPECT_EQ(one.n, 1u);
  EXPECT_DOUBLE_EQ(one.mean, 0.75);
  EXPECT_DOUBLE_EQ(one.half_width, 0);
  EXPECT_DOUBLE_EQ(MeanInterval({3, 3, 3, 3}).half_width, 0);
}

TEST(SeedIntervalTest, OverlapIsSharingAPoint) {
  const SeedInterval a{3, 1.0, 0.1};
  EXPECT_TRUE(Overlap(a, SeedInterval{3, 1.15, 0.1}));
  EXPECT_TRUE(Overlap(a, SeedInterval{3, 1.2, 0.1}));  // touching at 1.1
  EXPECT_FALSE(Overlap(a, SeedInterval{3, 1.21, 0.1}));
  EXPECT_FALSE(Overlap(SeedInterval{3, 1.21, 0.1}, a));
  // Points (one seed each) overlap only when equal: single-seed differences stay marked.
  EXPECT_TRUE(Overlap(SeedInterval{1, 2, 0}, SeedInterval{1, 2, 0}));
  EXPECT_FALSE(Overlap(SeedInterval{1, 2, 0}, SeedInterval{1, 2.001, 0}));
  // A point inside an interval is within it.
  EXPECT_TRUE(Overlap(a, SeedInterval{1, 0.95, 0}));
}

}  // namespace
}  // namespace sim::report
