// Tests of the latency distributions (sim/engine/distribution.h).
//
// Statistical checks draw 200k samples with a fixed seed and compare them with exact values
// worked out by hand here (not with QuantileUs, which is tested separately against the same closed
// forms). The seed is fixed, so every check is deterministic; the tolerances are chosen to be at
// least about 3 standard errors of the estimate, so a change of seed would still pass while a
// wrong parameterisation (a factor in sigma, a swapped mean and rate) fails by far.
//   - p50, p90, mean: 2% relative.
//   - p99: 2% relative, except lognormal and pareto (heavier tails, standard error about 1% at
//     200k samples), where it is 4%.
//   - small integer values (uniform 100..300us): a few microseconds absolute.
//   - fractions of samples (mixture weights, empirical CDF): absolute, stated per test.
#include "sim/engine/distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"
#include "sim/engine/prng.h"
#include "sim/engine/time.h"

namespace sim {
namespace {

constexpr int kSamples = 200000;
constexpr double kRelativeTolerance = 0.02;
constexpr double kHeavyTailP99Tolerance = 0.04;
// z with P(Z <= z) = 0.99, and ln 10: a lognormal with p99 = 10 * median has sigma = ln 10 / z99.
constexpr double kZ99 = 2.3263478740408408;
constexpr double kLn10 = 2.302585092994046;

// `count` samples of `distribution` from a fresh Prng(seed), sorted ascending.
std::vector<TimeUs> SortedSamples(const Distribution& distribution, uint64_t seed,
                                  int count = kSamples) {
  Prng prng(seed);
  std::vector<TimeUs> samples;
  samples.reserve(count);
  for (int i = 0; i < count; ++i) samples.push_back(distribution.SampleUs(prng));
  std::sort(samples.begin(), samples.end());
  return samples;
}

// The q-quantile of sorted samples: the smallest sample with at least a fraction q at or below it.
double SampleQuantile(const std::vector<TimeUs>& sorted, double q) {
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::max<size_t>(rank, 1) - 1]);
}

double SampleMean(const std::vector<TimeUs>& samples) {
  const double sum = std::accumulate(samples.begin(), samples.end(), 0.0,
                                     [](double total, TimeUs v) { return total + v; });
  return sum / static_cast<double>(samples.size());
}

// Fraction of sorted samples at or below `value_us`.
double FractionAtOrBelow(const std::vector<TimeUs>& sorted, TimeUs value_us) {
  const auto end = std::upper_bound(sorted.begin(), sorted.end(), value_us);
  return static_cast<double>(end - sorted.begin()) / static_cast<double>(sorted.size());
}

void ExpectRelative(double actual, double expected, double tolerance, const char* what) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * tolerance) << what;
}

// Reference standard normal CDF and quantile from std::erfc (bisection to full precision),
// independent of the rational approximation under test. Above the median it solves the upper
// tail 0.5 * erfc(z / sqrt 2) = 1 - p (exact for p >= 0.5), because the CDF itself is too flat
// near 1 to resolve z in double precision.
double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double ReferenceNormalQuantile(double p) {
  if (p > 0.5) return -ReferenceNormalQuantile(1 - p);
  double low = -40;
  double high = 0;
  for (int i = 0; i < 200; ++i) {
    const double mid = (low + high) / 2;
    if (NormalCdf(mid) < p) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return (low + high) / 2;
}

Distribution EmpiricalExample() {
  // 50% of delays up to 1ms, 99% up to 10ms, all up to 50ms; linear in between, from (0, 0us).
  return Distribution::Empirical({{0.5, 1000}, {0.99, 10000}, {1.0, 50000}});
}

// The exact quantile of EmpiricalExample(), by hand.
double EmpiricalExampleQuantile(double q) {
  if (q <= 0.5) return q / 0.5 * 1000;
  if (q <= 0.99) return 1000 + (q - 0.5) / 0.49 * 9000;
  return 10000 + (q - 0.99) / 0.01 * 40000;
}

Distribution MixtureOf(double weight_a, Distribution a, double weight_b, Distribution b) {
  std::vector<MixturePart> parts(2);
  parts[0].weight = weight_a;
  parts[0].of.push_back(std::move(a));
  parts[1].weight = weight_b;
  parts[1].of.push_back(std::move(b));
  return Distribution::Mixture(std::move(parts));
}

// ---------------------------------------------------------------------------------------------
// Sampling: quantiles and means of 200k samples against closed forms.

TEST(DistributionSampleTest, Constant) {
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Constant(2500), 1);
  EXPECT_EQ(samples.front(), 2500);
  EXPECT_EQ(samples.back(), 2500);
  EXPECT_EQ(SampleMean(samples), 2500.0);
}

TEST(DistributionSampleTest, Uniform) {
  // Whole microseconds 100..300, each with probability 1/201: p50 = 200, p90 = 280, p99 = 298,
  // mean 200. Tolerance 2us on quantiles (standard error under 0.3us), 0.5us on the mean.
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Uniform(100, 300), 2);
  EXPECT_EQ(samples.front(), 100);
  EXPECT_EQ(samples.back(), 300);
  EXPECT_NEAR(SampleQuantile(samples, 0.50), 200, 2);
  EXPECT_NEAR(SampleQuantile(samples, 0.90), 280, 2);
  EXPECT_NEAR(SampleQuantile(samples, 0.99), 298, 2);
  EXPECT_NEAR(SampleMean(samples), 200, 0.5);
}

TEST(DistributionSampleTest, UniformSingleValue) {
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Uniform(700, 700), 2, 1000);
  EXPECT_EQ(samples.front(), 700);
  EXPECT_EQ(samples.back(), 700);
}

TEST(DistributionSampleTest, Exponential) {
  // Mean 5ms: quantile -5000 ln(1 - q), so p50 = 5000 ln 2, p90 = 5000 ln 10, p99 = 5000 ln 100.
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Exponential(5000), 3);
  EXPECT_GE(samples.front(), 0);
  ExpectRelative(SampleQuantile(samples, 0.50), 5000 * std::log(2.0), kRelativeTolerance, "p50");
  ExpectRelative(SampleQuantile(samples, 0.90), 5000 * std::log(10.0), kRelativeTolerance, "p90");
  ExpectRelative(SampleQuantile(samples, 0.99), 5000 * std::log(100.0), kRelativeTolerance, "p99");
  ExpectRelative(SampleMean(samples), 5000, kRelativeTolerance, "mean");
}

TEST(DistributionSampleTest, Lognormal) {
  // Median 1ms, p99 10ms: sigma = ln 10 / z99 = 0.98979; p90 = 1000 exp(sigma z90);
  // mean = median exp(sigma^2 / 2) = 1632.3us.
  const double sigma = kLn10 / kZ99;
  const double z90 = 1.2815515655446004;
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Lognormal(1000, 10000), 4);
  EXPECT_GE(samples.front(), 0);
  ExpectRelative(SampleQuantile(samples, 0.50), 1000, kRelativeTolerance, "p50");
  ExpectRelative(SampleQuantile(samples, 0.90), 1000 * std::exp(sigma * z90), kRelativeTolerance,
                 "p90");
  ExpectRelative(SampleQuantile(samples, 0.99), 10000, kHeavyTailP99Tolerance, "p99");
  ExpectRelative(SampleMean(samples), 1000 * std::exp(sigma * sigma / 2), kRelativeTolerance,
                 "mean");
}

TEST(DistributionSampleTest, LognormalWithEqualMedianAndP99IsConstant) {
  // sigma = 0: every sample is the median, though one draw is still consumed per sample.
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Lognormal(1234, 1234), 4, 1000);
  EXPECT_EQ(samples.front(), 1234);
  EXPECT_EQ(samples.back(), 1234);
}

TEST(DistributionSampleTest, Pareto) {
  // Scale 1ms, shape 2: quantile 1000 / sqrt(1 - q): p50 = 1000 sqrt 2, p90 = 1000 sqrt 10,
  // p99 = 10000. The mean (2000) exists but the variance does not, so the sample mean converges
  // too slowly to test here; see ParetoMean.
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Pareto(1000, 2.0), 5);
  EXPECT_GE(samples.front(), 1000);
  ExpectRelative(SampleQuantile(samples, 0.50), 1000 * std::sqrt(2.0), kRelativeTolerance, "p50");
  ExpectRelative(SampleQuantile(samples, 0.90), 1000 * std::sqrt(10.0), kRelativeTolerance, "p90");
  ExpectRelative(SampleQuantile(samples, 0.99), 10000, kHeavyTailP99Tolerance, "p99");
}

TEST(DistributionSampleTest, ParetoMean) {
  // Shape 3 has a finite variance: mean = scale * shape / (shape - 1) = 1500us.
  const std::vector<TimeUs> samples = SortedSamples(Distribution::Pareto(1000, 3.0), 6);
  EXPECT_GE(samples.front(), 1000);
  ExpectRelative(SampleMean(samples), 1500, kRelativeTolerance, "mean");
  ExpectRelative(SampleQuantile(samples, 0.50), 1000 * std::cbrt(2.0), kRelativeTolerance, "p50");
}

TEST(DistributionSampleTest, Empirical) {
  // Linear between (0, 0us), (0.5, 1ms), (0.99, 10ms) and (1.0, 50ms). The listed points are
  // kinks of the quantile function (its slope jumps 9x at 0.5 and 218x at 0.99), where a sample
  // quantile is a poor estimator; there the test checks the empirical CDF instead: the fraction at
  // or below 1ms is 0.5 +- 0.005 (standard deviation 0.0011) and at or below 10ms is
  // 0.99 +- 0.001 (standard deviation 0.00022). Between the kinks it checks sample quantiles.
  const std::vector<TimeUs> samples = SortedSamples(EmpiricalExample(), 8);
  EXPECT_GE(samples.front(), 0);
  EXPECT_LE(samples.back(), 50000);
  EXPECT_NEAR(FractionAtOrBelow(samples, 1000), 0.5, 0.005);
  EXPECT_NEAR(FractionAtOrBelow(samples, 10000), 0.99, 0.001);
  ExpectRelative(SampleQuantile(samples, 0.25), 500, kRelativeTolerance, "p25");
  ExpectRelative(SampleQuantile(samples, 0.90), EmpiricalExampleQuantile(0.90), kRelativeTolerance,
                 "p90");
  ExpectRelative(SampleQuantile(samples, 0.999), 46000, kRelativeTolerance, "p99.9");
  // Mean = area under the quantile function: 0.5 * 500 + 0.49 * 5500 + 0.01 * 30000 = 3245us.
  ExpectRelative(SampleMean(samples), 3245, kRelativeTolerance, "mean");
}

TEST(DistributionSampleTest, MixtureOfTwoConstantsInProportion) {
  // Weights 1:3 need not sum to 1: a quarter of the samples are 1ms, three quarters 5ms.
  // Tolerance on the fraction 0.005 (standard deviation 0.00097).
  const Distribution mixture =
      MixtureOf(1, Distribution::Constant(1000), 3, Distribution::Constant(5000));
  const std::vector<TimeUs> samples = SortedSamples(mixture, 9);
  EXPECT_EQ(samples.front(), 1000);
  EXPECT_EQ(samples.back(), 5000);
  const double fraction_fast = FractionAtOrBelow(samples, 1000);
  EXPECT_NEAR(fraction_fast, 0.25, 0.005);
  EXPECT_DOUBLE_EQ(FractionAtOrBelow(samples, 4999), fraction_fast);  // nothing in between
  EXPECT_EQ(SampleQuantile(samples, 0.10), 1000);
  EXPECT_EQ(SampleQuantile(samples, 0.50), 5000);
  EXPECT_EQ(SampleQuantile(samples, 0.90), 5000);
  EXPECT_EQ(SampleQuantile(samples, 0.99), 5000);
  ExpectRelative(SampleMean(samples), 0.25 * 1000 + 0.75 * 5000, kRelativeTolerance, "mean");
}

TEST(DistributionSampleTest, MixtureOfConstantAndUniform) {
  // 3 parts constant 500us, 1 part uniform 1..3ms. Quantile: 500 up to q = 0.75, then
  // 1000 + (q - 0.75) / 0.25 * 2000: p90 = 2200, p99 = 2920. Mean 0.75 * 500 + 0.25 * 2000 = 875.
  const Distribution mixture =
      MixtureOf(3, Distribution::Constant(500), 1, Distribution::Uniform(1000, 3000));
  const std::vector<TimeUs> samples = SortedSamples(mixture, 10);
  EXPECT_EQ(samples.front(), 500);
  EXPECT_EQ(samples.back(), 3000);
  EXPECT_NEAR(FractionAtOrBelow(samples, 500), 0.75, 0.005);
  EXPECT_DOUBLE_EQ(FractionAtOrBelow(samples, 999), FractionAtOrBelow(samples, 500));
  EXPECT_EQ(SampleQuantile(samples, 0.50), 500);
  ExpectRelative(SampleQuantile(samples, 0.90), 2200, kRelativeTolerance, "p90");
  ExpectRelative(SampleQuantile(samples, 0.99), 2920, kRelativeTolerance, "p99");
  ExpectRelative(SampleMean(samples), 875, kRelativeTolerance, "mean");
}

TEST(DistributionSampleTest, NeverNegative) {
  // Every kind, including parameters at the edge (zero scale, zero mean, tiny values that round
  // to 0), with non-negative parameters.
  const std::vector<Distribution> distributions = {
      Distribution::Constant(0),
      Distribution::Uniform(0, 0),
      Distribution::Uniform(0, 3),
      Distribution::Exponential(0),
      Distribution::Exponential(1),
      Distribution::Lognormal(1, 1000),
      Distribution::Pareto(0, 1.0),
      Distribution::Pareto(1, 0.5),
      Distribution::Empirical({{0.3, 0}, {1.0, 2}}),
      MixtureOf(1, Distribution::Exponential(1), 1, Distribution::Uniform(0, 1)),
  };
  for (const Distribution& distribution : distributions) {
    const std::vector<TimeUs> samples = SortedSamples(distribution, 11, 20000);
    EXPECT_GE(samples.front(), 0) << distribution.KindName();
  }
}

// ---------------------------------------------------------------------------------------------
// Randomness consumption and golden values.

TEST(DistributionSampleTest, ConstantConsumesNoRandomness) {
  Prng prng(12);
  Prng twin(12);
  const Distribution constant = Distribution::Constant(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(constant.SampleUs(prng), 42);
  EXPECT_EQ(prng.NextU64(), twin.NextU64());
}

TEST(DistributionSampleTest, MixtureOfConstantsConsumesOneDrawPerSample) {
  Prng prng(13);
  Prng twin(13);
  const Distribution mixture =
      MixtureOf(1, Distribution::Constant(1), 1, Distribution::Constant(2));
  mixture.SampleUs(prng);
  twin.NextU64();
  EXPECT_EQ(prng.NextU64(), twin.NextU64());
}

TEST(DistributionSampleTest, ContinuousKindsConsumeOneDrawPerSample) {
  const std::vector<Distribution> distributions = {
      Distribution::Exponential(5000), Distribution::Lognormal(1000, 10000),
      Distribution::Pareto(1000, 2.0), EmpiricalExample()};
  for (const Distribution& distribution : distributions) {
    Prng prng(14);
    Prng twin(14);
    distribution.SampleUs(prng);
    twin.NextU64();
    EXPECT_EQ(prng.NextU64(), twin.NextU64()) << distribution.KindName();
  }
}

TEST(DistributionGoldenTest, LognormalSeed7FirstFiveSamples) {
  // Pins the bits of the whole pipeline (xoshiro256**, NextOpenDouble, the normal quantile, exp,
  // rounding) across compilers. Cross-checked with a separate program that inverts
  // 0.5 * erfc(-z / sqrt 2) by bisection instead of using the rational approximation; none of the
  // unrounded values is within 0.07us of a rounding boundary.
  Prng prng(7);
  const Distribution lognormal = Distribution::Lognormal(1000, 10000);
  const std::vector<TimeUs> expected = {1683, 560, 2672, 7813, 10338};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(lognormal.SampleUs(prng), expected[i]) << "sample " << i;
  }
}

// ---------------------------------------------------------------------------------------------
// QuantileUs against closed forms.

const std::vector<double> kQuantiles = {0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999};

TEST(DistributionQuantileTest, Constant) {
  for (double q : kQuantiles) EXPECT_EQ(Distribution::Constant(2500).QuantileUs(q), 2500);
}

TEST(DistributionQuantileTest, Uniform) {
  const Distribution uniform = Distribution::Uniform(100, 300);
  for (double q : kQuantiles) EXPECT_NEAR(uniform.QuantileUs(q), 100 + 200 * q, 1e-9) << q;
}

TEST(DistributionQuantileTest, Exponential) {
  const Distribution exponential = Distribution::Exponential(5000);
  EXPECT_NEAR(exponential.QuantileUs(0.5), 5000 * std::log(2.0), 1e-9);
  for (double q : kQuantiles) {
    EXPECT_NEAR(exponential.QuantileUs(q), -5000 * std::log(1 - q), 1e-9) << q;
  }
}

TEST(DistributionQuantileTest, Lognormal) {
  // The approximation of the normal quantile has relative error below 1.2e-9; with sigma near 1
  // and |z| < 3.1 that allows a relative error of about 4e-9 in the quantile. Tolerance 1e-8.
  const Distribution lognormal = Distribution::Lognormal(1000, 10000);
  const double sigma = kLn10 / kZ99;
  EXPECT_EQ(lognormal.QuantileUs(0.5), 1000);
  EXPECT_NEAR(lognormal.QuantileUs(0.99), 10000, 10000 * 1e-8);
  for (double q : kQuantiles) {
    const double expected = 1000 * std::exp(sigma * ReferenceNormalQuantile(q));
    EXPECT_NEAR(lognormal.QuantileUs(q), expected, expected * 1e-8) << q;
  }
}

TEST(DistributionQuantileTest, Pareto) {
  const Distribution pareto = Distribution::Pareto(1000, 2.0);
  EXPECT_NEAR(pareto.QuantileUs(0.5), 1000 * std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(pareto.QuantileUs(0.9), 1000 * std::sqrt(10.0), 1e-9);
  EXPECT_NEAR(pareto.QuantileUs(0.99), 10000, 1e-8);
  for (double q : kQuantiles) {
    const double expected = 1000 / std::sqrt(1 - q);
    EXPECT_NEAR(pareto.QuantileUs(q), expected, expected * 1e-12) << q;
  }
}

TEST(DistributionQuantileTest, Empirical) {
  const Distribution empirical = EmpiricalExample();
  EXPECT_NEAR(empirical.QuantileUs(0.5), 1000, 1e-9);
  EXPECT_NEAR(empirical.QuantileUs(0.99), 10000, 1e-8);
  EXPECT_NEAR(empirical.QuantileUs(0.25), 500, 1e-9);
  EXPECT_NEAR(empirical.QuantileUs(0.995), 30000, 1e-6);
  for (double q : kQuantiles) {
    EXPECT_NEAR(empirical.QuantileUs(q), EmpiricalExampleQuantile(q), 1e-6) << q;
  }
}

TEST(DistributionQuantileTest, MixtureOfConstants) {
  const Distribution mixture =
      MixtureOf(1, Distribution::Constant(1000), 3, Distribution::Constant(5000));
  EXPECT_NEAR(mixture.QuantileUs(0.1), 1000, 1e-6);
  EXPECT_NEAR(mixture.QuantileUs(0.2), 1000, 1e-6);
  EXPECT_NEAR(mixture.QuantileUs(0.3), 5000, 1e-6);
  EXPECT_NEAR(mixture.QuantileUs(0.99), 5000, 1e-6);
}

TEST(DistributionQuantileTest, MixtureOfConstantAndUniform) {
  const Distribution mixture =
      MixtureOf(3, Distribution::Constant(500), 1, Distribution::Uniform(1000, 3000));
  EXPECT_NEAR(mixture.QuantileUs(0.5), 500, 1e-6);
  EXPECT_NEAR(mixture.QuantileUs(0.9), 2200, 1e-6);
  EXPECT_NEAR(mixture.QuantileUs(0.99), 2920, 1e-6);
}

TEST(DistributionQuantileTest, MixtureSolvesTheMixedCdf) {
  // Exponential(1ms) and uniform 0..4ms, equal weights: F(x) = (1 - e^(-x/1000)) / 2 +
  // min(x / 4000, 1) / 2. The returned quantile must satisfy F(x) = q.
  const Distribution mixture =
      MixtureOf(1, Distribution::Exponential(1000), 1, Distribution::Uniform(0, 4000));
  for (double q : kQuantiles) {
    const double x = mixture.QuantileUs(q);
    const double cdf = (1 - std::exp(-x / 1000)) / 2 + std::min(x / 4000, 1.0) / 2;
    EXPECT_NEAR(cdf, q, 1e-9) << q;
  }
}

TEST(DistributionQuantileTest, MixtureWithLognormalAndFarTail) {
  // Regression: the CDF bisection once evaluated the lognormal quantile at exactly 1.0 (where it
  // is infinite) whenever x lay beyond the lognormal's 1 - 2^-53 quantile (about 3.4e6us here),
  // and aborted. A heavy pareto tail or a far constant in the same mixture gets there.
  const Distribution with_pareto =
      MixtureOf(1, Distribution::Lognormal(1000, 10000), 1, Distribution::Pareto(1000, 0.5));
  const double sigma = kLn10 / kZ99;
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double x = with_pareto.QuantileUs(q);
    const double cdf = NormalCdf(std::log(x / 1000) / sigma) / 2 + (1 - std::sqrt(1000 / x)) / 2;
    EXPECT_NEAR(cdf, q, 1e-9) << q;
  }
  const Distribution with_far_constant =
      MixtureOf(1, Distribution::Lognormal(1000, 10000), 1, Distribution::Constant(100000000));
  EXPECT_NEAR(with_far_constant.QuantileUs(0.75), 100000000, 1e-3);
  // Half the mass is the lognormal, so the 0.25-quantile of the mixture is its median.
  EXPECT_NEAR(with_far_constant.QuantileUs(0.25), 1000, 1e-3);
}

// ---------------------------------------------------------------------------------------------
// StandardNormalQuantile.

TEST(StandardNormalQuantileTest, KnownPoints) {
  EXPECT_EQ(StandardNormalQuantile(0.5), 0.0);
  EXPECT_NEAR(StandardNormalQuantile(0.975), 1.959963985, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(0.025), -1.959963985, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(0.99), 2.326347874, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(0.01), -2.326347874, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(1e-6), -4.753424309, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(1 - 1e-6), 4.753424309, 1e-8);
  EXPECT_NEAR(StandardNormalQuantile(0.8413447460685429), 1.0, 1e-8);  // Phi(1)
}

TEST(StandardNormalQuantileTest, RelativeErrorBelowStatedBound) {
  // Against the erfc-based reference over the central region, both tails and the region
  // boundaries (0.02425 and 1 - 0.02425) of the approximation.
  const std::vector<double> points = {1e-300,  1e-100,  1e-12, 1e-9,  1e-4,    0.001,  0.02,
                                      0.02425, 0.0243,  0.1,   0.3,   0.45,    0.5001, 0.6,
                                      0.9,     0.97575, 0.976, 0.999, 1 - 1e-9};
  for (double p : points) {
    const double expected = ReferenceNormalQuantile(p);
    EXPECT_NEAR(StandardNormalQuantile(p), expected, std::abs(expected) * 1.2e-9) << p;
  }
}

}  // namespace
}  // namespace sim
