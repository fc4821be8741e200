// Tests of the simulator's own PRNG (sim/engine/prng.h).
//
// The golden values below were computed by a separate reference program transcribed from
// Vigna's public-domain splitmix64.c and xoshiro256starstar.c (and Lemire's nearly-divisionless
// bounded integer method), not by prng.cc. They pin the generator forever: if one of them changes,
// every recorded seed stops reproducing its run.
#include "sim/engine/prng.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace sim {
namespace {

// First 8 NextU64() of Prng(0) and Prng(42) (xoshiro256**, state from SplitMix64 of the seed).
constexpr std::array<uint64_t, 8> kSeed0Outputs = {
    0x99EC5F36CB75F2B4ULL, 0xBF6E1F784956452AULL, 0x1A5F849D4933E6E0ULL, 0x6AA594F1262D2D2CULL,
    0xBBA5AD4A1F842E59ULL, 0xFFEF8375D9EBCACAULL, 0x6C160DEED2F54C98ULL, 0x8920AD648FC30A3FULL,
};
constexpr std::array<uint64_t, 8> kSeed42Outputs = {
    0x15780B2E0C2EC716ULL, 0x6104D9866D113A7EULL, 0xAE17533239E499A1ULL, 0xECB8AD4703B360A1ULL,
    0xFDE6DC7FE2EC5E64ULL, 0xC50DA53101795238ULL, 0xB82154855A65DDB2ULL, 0xD99A2743EBE60087ULL,
};

std::vector<uint64_t> Draw(Prng& prng, int count) {
  std::vector<uint64_t> values;
  values.reserve(count);
  for (int i = 0; i < count; ++i) values.push_back(prng.NextU64());
  return values;
}

TEST(SplitMix64Test, PublishedOutputsFromStateZero) {
  uint64_t state = 0;
  EXPECT_EQ(SplitMix64Next(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(state, 0x9E3779B97F4A7C15ULL);
  EXPECT_EQ(SplitMix64Next(state), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(SplitMix64Next(state), 0x06C45D188009454FULL);
}

TEST(PrngTest, GoldenOutputsSeed0) {
  Prng prng(0);
  for (size_t i = 0; i < kSeed0Outputs.size(); ++i) {
    EXPECT_EQ(prng.NextU64(), kSeed0Outputs[i]) << "output " << i;
  }
}

TEST(PrngTest, GoldenOutputsSeed42) {
  Prng prng(42);
  for (size_t i = 0; i < kSeed42Outputs.size(); ++i) {
    EXPECT_EQ(prng.NextU64(), kSeed42Outputs[i]) << "output " << i;
  }
}

TEST(PrngTest, SameSeedSameSequence) {
  Prng first(123456789);
  Prng second(123456789);
  EXPECT_EQ(Draw(first, 1000), Draw(second, 1000));
}

TEST(StreamSeedTest, GoldenValues) {
  // StableHash64 = SplitMix64 step applied to the FNV-1a hash; StreamSeed = SplitMix64 step
  // applied to run_seed ^ StableHash64(name).
  EXPECT_EQ(StableHash64(""), 0xC3817C016BA4FF30ULL);
  EXPECT_EQ(StreamSeed(0, "network"), 0xE27C013B7567E0D3ULL);
  EXPECT_EQ(StreamSeed(0, "workload"), 0xAD4239E51E9806ACULL);
  EXPECT_EQ(StreamSeed(42, "network"), 0x3737A5CE3F25FE76ULL);
  EXPECT_EQ(StreamSeed(42, "workload"), 0x37CF33242036DD51ULL);
}

TEST(StreamSeedTest, NamedConstructorUsesStreamSeed) {
  Prng named(42, "network");
  Prng direct(StreamSeed(42, "network"));
  EXPECT_EQ(Draw(named, 100), Draw(direct, 100));
}

TEST(StreamSeedTest, StreamIsUnaffectedByOtherStreams) {
  constexpr uint64_t kRunSeed = 2024;
  constexpr int kDraws = 1000;

  Prng alone(kRunSeed, "network");
  const std::vector<uint64_t> expected = Draw(alone, kDraws);

  // Same run, but two other consumers exist and draw between every network draw; "extra" is
  // created halfway through, as a newly added consumer would be.
  Prng workload(kRunSeed, "workload");
  Prng network(kRunSeed, "network");
  std::vector<Prng> extra;
  std::vector<uint64_t> actual;
  for (int i = 0; i < kDraws; ++i) {
    workload.NextU64();
    workload.Below(17);
    if (i == kDraws / 2) extra.emplace_back(kRunSeed, "extra");
    actual.push_back(network.NextU64());
    if (!extra.empty()) {
      extra.front().NextDouble();
      extra.front().Bernoulli(0.5);
    }
  }
  EXPECT_EQ(actual, expected);
}

TEST(StreamSeedTest, DifferentNamesGiveDifferentSequences) {
  const std::vector<std::string_view> names = {"network",  "workload", "extra", "networ",
                                               "network ", "Network",  ""};
  std::vector<std::vector<uint64_t>> sequences;
  for (std::string_view name : names) {
    Prng prng(42, name);
    sequences.push_back(Draw(prng, 4));
  }
  for (size_t i = 0; i < sequences.size(); ++i) {
    for (size_t j = i + 1; j < sequences.size(); ++j) {
      for (int k = 0; k < 4; ++k) {
        EXPECT_NE(sequences[i][k], sequences[j][k])
            << "'" << names[i] << "' vs '" << names[j] << "' at draw " << k;
      }
    }
  }
}

TEST(StreamSeedTest, DifferentRunSeedsGiveDifferentSequences) {
  Prng run1(1, "network");
  Prng run2(2, "network");
  const std::vector<uint64_t> first = Draw(run1, 4);
  const std::vector<uint64_t> second = Draw(run2, 4);
  for (int k = 0; k < 4; ++k) EXPECT_NE(first[k], second[k]) << "draw " << k;
}

TEST(PrngBelowTest, GoldenValues) {
  // Lemire's method: the high word of NextU64() * bound (no rejection happens for these draws).
  Prng seed0(0);
  const std::vector<uint64_t> expected0 = {601, 747, 103, 416, 732, 999, 422, 535};
  for (uint64_t value : expected0) EXPECT_EQ(seed0.Below(1000), value);
  Prng seed42(42);
  const std::vector<uint64_t> expected42 = {0, 2, 4, 5, 5, 4, 4, 5, 4, 3, 4, 1};
  for (uint64_t value : expected42) EXPECT_EQ(seed42.Below(6), value);
}

TEST(PrngBelowTest, BoundOneIsAlwaysZero) {
  Prng prng(5);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(prng.Below(1), 0u);
}

TEST(PrngBelowTest, StaysInRange) {
  constexpr uint64_t kLargest = std::numeric_limits<uint64_t>::max();
  const std::vector<uint64_t> bounds = {
      1, 2, 3, 7, 10, 1000, (1ULL << 32) + 1, (1ULL << 63) + 1, kLargest};
  Prng prng(11);
  for (uint64_t bound : bounds) {
    for (int i = 0; i < 20000; ++i) ASSERT_LT(prng.Below(bound), bound) << "bound " << bound;
  }
}

// Pearson's chi-square statistic of `counts` against equal expected counts.
double ChiSquare(const std::vector<int>& counts, int draws) {
  const double expected = static_cast<double>(draws) / static_cast<double>(counts.size());
  double statistic = 0;
  for (int count : counts) statistic += (count - expected) * (count - expected) / expected;
  return statistic;
}

TEST(PrngBelowTest, RoughlyUniformChiSquare) {
  // 100k draws into 10 cells: 9 degrees of freedom, whose 0.999 quantile is 27.88. A fair
  // generator exceeds it with probability 0.001; the seed is fixed, so the outcome is too.
  constexpr int kDraws = 100000;
  constexpr double kChiSquare9DegreesP999 = 27.88;
  Prng prng(99);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < kDraws; ++i) ++counts[prng.Below(10)];
  EXPECT_LT(ChiSquare(counts, kDraws), kChiSquare9DegreesP999);

  // A bound that is not a power of two and divides nothing evenly: 7 cells, 6 degrees of freedom,
  // 0.999 quantile 22.46.
  constexpr double kChiSquare6DegreesP999 = 22.46;
  std::vector<int> counts7(7, 0);
  for (int i = 0; i < kDraws; ++i) ++counts7[prng.Below(7)];
  EXPECT_LT(ChiSquare(counts7, kDraws), kChiSquare6DegreesP999);
}

TEST(PrngBelowTest, UnbiasedWhenRejectionIsFrequent) {
  // With bound = 2^63 + 1 about half of the raw draws are rejected; a biased (modulo) reduction
  // would put about 3/4 of the values in the lower half. Expected 0.5; 100k draws have a standard
  // deviation of 0.0016, tolerance 0.005 (about 3 sigma).
  constexpr int kDraws = 100000;
  constexpr uint64_t kBound = (1ULL << 63) + 1;
  Prng prng(3);
  int lower_half = 0;
  for (int i = 0; i < kDraws; ++i) {
    if (prng.Below(kBound) < kBound / 2) ++lower_half;
  }
  EXPECT_NEAR(static_cast<double>(lower_half) / kDraws, 0.5, 0.005);
}

TEST(PrngDoubleTest, NextDoubleIsTop53BitsOverTwoTo53) {
  Prng prng(0);
  for (uint64_t raw : kSeed0Outputs) {
    EXPECT_EQ(prng.NextDouble(), static_cast<double>(raw >> 11) * 0x1.0p-53);
  }
}

TEST(PrngDoubleTest, NextOpenDoubleIsMidpointOfTop52Bits) {
  Prng prng(42);
  for (uint64_t raw : kSeed42Outputs) {
    EXPECT_EQ(prng.NextOpenDouble(), (static_cast<double>(raw >> 12) + 0.5) * 0x1.0p-52);
  }
}

TEST(PrngDoubleTest, NextDoubleInHalfOpenUnitInterval) {
  // 1M draws: range, and the mean 0.5 within 0.0015 (standard deviation of the mean 0.00029).
  constexpr int kDraws = 1000000;
  Prng prng(17);
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = prng.NextDouble();
    ASSERT_GE(value, 0.0);
    ASSERT_LT(value, 1.0);
    sum += value;
  }
  EXPECT_NEAR(sum / kDraws, 0.5, 0.0015);
}

TEST(PrngDoubleTest, NextOpenDoubleInOpenUnitInterval) {
  // As above: 1M draws, mean 0.5 within 0.0015 (about 5 standard deviations).
  constexpr int kDraws = 1000000;
  Prng prng(18);
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = prng.NextOpenDouble();
    ASSERT_GT(value, 0.0);
    ASSERT_LT(value, 1.0);
    sum += value;
  }
  EXPECT_NEAR(sum / kDraws, 0.5, 0.0015);
}

TEST(PrngDoubleTest, NextOpenDoubleExtremesStayInside) {
  // The smallest and largest values NextOpenDouble can return are 2^-53 and 1 - 2^-53 (raw draws
  // whose top 52 bits are all zero or all one); both are inside (0, 1) and logarithms of them and
  // of their complements are finite.
  constexpr double kSmallest = (0.0 + 0.5) * 0x1.0p-52;
  constexpr double kLargest = (static_cast<double>((1ULL << 52) - 1) + 0.5) * 0x1.0p-52;
  EXPECT_EQ(kSmallest, 0x1.0p-53);
  EXPECT_EQ(kLargest, 1.0 - 0x1.0p-53);
  EXPECT_LT(kLargest, 1.0);
  EXPECT_TRUE(std::isfinite(std::log1p(-kLargest)));
  EXPECT_TRUE(std::isfinite(std::log(kSmallest)));
}

TEST(PrngBernoulliTest, ZeroIsNeverTrueAndDrawsNothing) {
  Prng prng(7);
  Prng twin(7);
  for (int i = 0; i < 10000; ++i) ASSERT_FALSE(prng.Bernoulli(0.0));
  EXPECT_FALSE(prng.Bernoulli(-1.0));
  EXPECT_EQ(prng.NextU64(), twin.NextU64());
}

TEST(PrngBernoulliTest, OneIsAlwaysTrueAndDrawsNothing) {
  Prng prng(7);
  Prng twin(7);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(prng.Bernoulli(1.0));
  EXPECT_TRUE(prng.Bernoulli(2.0));
  EXPECT_EQ(prng.NextU64(), twin.NextU64());
}

TEST(PrngBernoulliTest, FractionalProbabilityDrawsOnce) {
  Prng prng(8);
  Prng twin(8);
  prng.Bernoulli(0.3);
  twin.NextU64();
  EXPECT_EQ(prng.NextU64(), twin.NextU64());
}

TEST(PrngBernoulliTest, FrequencyMatchesProbability) {
  // 100k draws of Bernoulli(0.3): standard deviation of the frequency is 0.00145; tolerance 0.005
  // (about 3.5 sigma).
  constexpr int kDraws = 100000;
  Prng prng(21);
  int successes = 0;
  for (int i = 0; i < kDraws; ++i) {
    if (prng.Bernoulli(0.3)) ++successes;
  }
  EXPECT_NEAR(static_cast<double>(successes) / kDraws, 0.3, 0.005);
}

}  // namespace
}  // namespace sim
