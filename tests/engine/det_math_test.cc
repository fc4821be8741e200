// Tests of the simulator's own exp/log/log1p/pow (sim/engine/det_math.h).
//
// - Exact results where the true value is a double (or its nearest double is known).
// - Special values: zeros, infinities, NaN, subnormals, the overflow and underflow thresholds.
// - Accuracy: at most kMaxUlpFromLibm ulp from glibc's double result over many deterministic
//   points per function (the ranges the samplers use, and the whole domain). Both are nearly
//   correctly rounded, so a wrong coefficient, a lost low word or a bad range reduction shows up as
//   thousands of ulp.
// - Monotonicity along increasing sequences.
// - Golden bits: one hash over all the functions' results at fixed points, the same under g++
//   (debug build) and clang++ (sanitize build); it changes only when the functions do.
#include "sim/engine/det_math.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "sim/engine/prng.h"

namespace sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinSubnormal = std::numeric_limits<double>::denorm_min();
constexpr int kPoints = 100000;
constexpr uint64_t kMaxUlpFromLibm = 1;

// Distance in units in the last place between two finite doubles of the same sign (or zero).
uint64_t UlpDistance(double a, double b) {
  if (a == b) return 0;
  const int64_t ia = std::bit_cast<int64_t>(a);
  const int64_t ib = std::bit_cast<int64_t>(b);
  if ((ia < 0) != (ib < 0)) return std::numeric_limits<uint64_t>::max();
  return ia > ib ? static_cast<uint64_t>(ia - ib) : static_cast<uint64_t>(ib - ia);
}

// The largest ulp distance between ours and reference at `points`, and the worst point.
struct WorstCase {
  uint64_t ulp = 0;
  double x = 0;
  double y = 0;
};

WorstCase MaxUlp(const std::vector<double>& xs, const std::function<double(double)>& ours,
                 const std::function<double(double)>& reference) {
  WorstCase worst;
  for (double x : xs) {
    const uint64_t ulp = UlpDistance(ours(x), reference(x));
    if (ulp > worst.ulp) worst = {ulp, x, 0};
  }
  return worst;
}

// `count` points uniform in [low, high].
std::vector<double> UniformPoints(uint64_t seed, double low, double high, int count = kPoints) {
  Prng prng(seed);
  std::vector<double> xs;
  for (int i = 0; i < count; ++i) xs.push_back(low + prng.NextDouble() * (high - low));
  return xs;
}

// `count` points whose exponents are uniform in [2^low_exponent, 2^high_exponent): every scale.
std::vector<double> LogUniformPoints(uint64_t seed, int low_exponent, int high_exponent,
                                     int count = kPoints) {
  Prng prng(seed);
  std::vector<double> xs;
  for (int i = 0; i < count; ++i) {
    const int exponent = low_exponent + static_cast<int>(prng.Below(
                                            static_cast<uint64_t>(high_exponent - low_exponent)));
    xs.push_back(std::ldexp(1 + prng.NextDouble(), exponent));
  }
  return xs;
}

// What the samplers feed in: Prng::NextOpenDouble, in [2^-53, 1 - 2^-53].
std::vector<double> OpenUnitPoints(uint64_t seed, int count = kPoints) {
  Prng prng(seed);
  std::vector<double> xs;
  for (int i = 0; i < count; ++i) xs.push_back(prng.NextOpenDouble());
  return xs;
}

TEST(DetMathTest, ExactValues) {
  EXPECT_EQ(DetExp(0), 1.0);
  EXPECT_EQ(DetExp(-0.0), 1.0);
  EXPECT_EQ(DetLog(1), 0.0);
  EXPECT_EQ(DetLog1p(0), 0.0);
  EXPECT_EQ(DetPow(2, 10), 1024.0);
  EXPECT_EQ(DetPow(2, -3), 0.125);
  EXPECT_EQ(DetPow(4, 0.5), 2.0);
  EXPECT_EQ(DetPow(10, 3), 1000.0);
  EXPECT_EQ(DetPow(3, 40), 12157665459056928801.0);  // 3^40 < 2^64, its nearest double
  EXPECT_EQ(DetPow(7.5, 1), 7.5);
  EXPECT_EQ(DetPow(1, 123.4), 1.0);
  EXPECT_EQ(DetPow(0.3, 0), 1.0);
  // The nearest doubles of e, ln 2, ln 10 and ln(1/2) = -ln 2 (all far from a rounding boundary).
  EXPECT_EQ(DetExp(1), 2.718281828459045);
  EXPECT_EQ(DetLog(2), 0.6931471805599453);
  EXPECT_EQ(DetLog(10), 2.302585092994046);
  EXPECT_EQ(DetLog1p(-0.5), -0.6931471805599453);
  EXPECT_EQ(DetLog1p(1), 0.6931471805599453);
}

TEST(DetMathTest, SpecialValues) {
  EXPECT_EQ(DetExp(kInf), kInf);
  EXPECT_EQ(DetExp(-kInf), 0.0);
  EXPECT_EQ(DetExp(710), kInf);
  EXPECT_EQ(DetExp(-746), 0.0);
  EXPECT_EQ(DetExp(709.78), std::exp(709.78));        // just below overflow
  EXPECT_EQ(DetExp(-745.13), kMinSubnormal);          // the smallest subnormal
  EXPECT_EQ(DetExp(-708.5), std::exp(-708.5));        // a subnormal result
  EXPECT_TRUE(std::isnan(DetExp(std::nan(""))));

  EXPECT_EQ(DetLog(0), -kInf);
  EXPECT_EQ(DetLog(kInf), kInf);
  EXPECT_TRUE(std::isnan(DetLog(-1)));
  EXPECT_TRUE(std::isnan(DetLog(std::nan(""))));
  EXPECT_EQ(DetLog(kMinSubnormal), std::log(kMinSubnormal));  // -744.44...
  EXPECT_EQ(DetLog(std::numeric_limits<double>::max()),
            std::log(std::numeric_limits<double>::max()));

  EXPECT_EQ(DetLog1p(-1), -kInf);
  EXPECT_TRUE(std::isnan(DetLog1p(-1.5)));
  EXPECT_EQ(DetLog1p(kInf), kInf);
  EXPECT_EQ(DetLog1p(1e-300), 1e-300);  // ln(1 + x) = x - x^2/2: x to the last bit
  EXPECT_EQ(DetLog1p(-kMinSubnormal), -kMinSubnormal);
  EXPECT_TRUE(std::signbit(DetLog1p(-0.0)));

  EXPECT_EQ(DetPow(0, 2), 0.0);
  EXPECT_EQ(DetPow(0, -1), kInf);
  EXPECT_EQ(DetPow(kInf, 2), kInf);
  EXPECT_EQ(DetPow(kInf, -2), 0.0);
  EXPECT_EQ(DetPow(0.5, kInf), 0.0);
  EXPECT_EQ(DetPow(2, kInf), kInf);
  EXPECT_EQ(DetPow(0.5, 1e6), 0.0);  // underflows
  EXPECT_EQ(DetPow(2, 1e6), kInf);   // overflows
  EXPECT_TRUE(std::isnan(DetPow(-2, 0.5)));
  EXPECT_TRUE(std::isnan(DetPow(std::nan(""), 2)));
}

TEST(DetMathTest, ExpIsWithinOneUlpOfLibm) {
  for (const auto& [seed, low, high] : {std::tuple{1u, -1.0, 1.0}, std::tuple{2u, -40.0, 40.0},
                                        std::tuple{3u, -708.0, 709.7}}) {
    const WorstCase worst = MaxUlp(UniformPoints(seed, low, high), DetExp,
                                   [](double x) { return std::exp(x); });
    EXPECT_LE(worst.ulp, kMaxUlpFromLibm) << "exp(" << fmt::format("{:a}", worst.x) << ")";
  }
}

// DetExp scales e^r by 2^k with one multiplication where the result is normal (k in [-1021,
// 1022]) and with std::ldexp beyond: both sides of each switch, near the ends of the range.
TEST(DetMathTest, ExpIsWithinOneUlpOfLibmOnBothSidesOfItsScalingSwitch) {
  for (const auto& [seed, low, high] :
       {std::tuple{4u, -708.39, -706.0}, std::tuple{5u, 706.0, 709.78}}) {
    const WorstCase worst = MaxUlp(UniformPoints(seed, low, high), DetExp,
                                   [](double x) { return std::exp(x); });
    EXPECT_LE(worst.ulp, kMaxUlpFromLibm) << "exp(" << fmt::format("{:a}", worst.x) << ")";
  }
  // The first and last k of the multiplication, and the first of std::ldexp on each side.
  for (const int k : {-1022, -1021, 1022, 1023}) {
    const double x = k * 0.6931471805599453;
    EXPECT_LE(UlpDistance(DetExp(x), std::exp(x)), kMaxUlpFromLibm) << "k = " << k;
  }
}

TEST(DetMathTest, LogIsWithinOneUlpOfLibm) {
  const auto libm = [](double x) { return std::log(x); };
  for (const std::vector<double>& xs :
       {OpenUnitPoints(4), LogUniformPoints(5, -1074, 1024), UniformPoints(6, 0.5, 2.0),
        UniformPoints(7, 1, 1e12)}) {
    const WorstCase worst = MaxUlp(xs, DetLog, libm);
    EXPECT_LE(worst.ulp, kMaxUlpFromLibm) << "log(" << fmt::format("{:a}", worst.x) << ")";
  }
}

TEST(DetMathTest, Log1pIsWithinOneUlpOfLibm) {
  const auto libm = [](double x) { return std::log1p(x); };
  std::vector<double> negated_open = OpenUnitPoints(8);  // the exponential sampler's -u
  for (double& x : negated_open) x = -x;
  std::vector<double> tiny = LogUniformPoints(9, -80, -1);
  for (size_t i = 0; i < tiny.size(); i += 2) tiny[i] = -tiny[i];
  for (const std::vector<double>& xs : {negated_open, tiny, LogUniformPoints(10, -1, 1000)}) {
    const WorstCase worst = MaxUlp(xs, DetLog1p, libm);
    EXPECT_LE(worst.ulp, kMaxUlpFromLibm) << "log1p(" << fmt::format("{:a}", worst.x) << ")";
  }
}

// Pow over the samplers' arguments: Pareto's (1 - u)^(1/shape) and Zipf's (rank + 1)^s, and a
// general range. Points whose libm result is subnormal are skipped (fewer significant bits).
TEST(DetMathTest, PowIsWithinOneUlpOfLibm) {
  struct Range {
    const char* what;
    std::function<double(Prng&)> x;
    std::function<double(Prng&)> y;
  };
  const std::vector<Range> ranges = {
      {"pareto", [](Prng& p) { return 1 - p.NextOpenDouble(); },
       [](Prng& p) { return 1 / (0.05 + 20 * p.NextDouble()); }},
      {"zipf", [](Prng& p) { return static_cast<double>(1 + p.Below(10000000)); },
       [](Prng& p) { return 0.01 + 3 * p.NextDouble(); }},
      {"general",
       [](Prng& p) {
         const double mantissa = 1 + p.NextDouble();  // one draw per statement: a fixed order
         return std::ldexp(mantissa, -30 + static_cast<int>(p.Below(60)));
       },
       [](Prng& p) { return -30 + 60 * p.NextDouble(); }},
      {"large y log x", [](Prng& p) { return 0.9 + 0.2 * p.NextDouble(); },
       [](Prng& p) { return -6000 + 12000 * p.NextDouble(); }},
  };
  uint64_t seed = 11;
  for (const Range& range : ranges) {
    Prng prng(seed++);
    WorstCase worst;
    for (int i = 0; i < kPoints; ++i) {
      const double x = range.x(prng);
      const double y = range.y(prng);
      const double libm = std::pow(x, y);
      if (!(libm >= std::numeric_limits<double>::min())) continue;
      const uint64_t ulp = UlpDistance(DetPow(x, y), libm);
      if (ulp > worst.ulp) worst = {ulp, x, y};
    }
    EXPECT_LE(worst.ulp, kMaxUlpFromLibm) << range.what << ": pow("
                                          << fmt::format("{:a}, {:a}", worst.x, worst.y) << ")";
  }
}

TEST(DetMathTest, MonotoneAlongIncreasingSequences) {
  double previous_exp = 0;
  double previous_log = -kInf;
  double previous_log1p = -kInf;
  double previous_pow = 0;
  // Steps of 1/128 from -700 to 700 cross every reduction boundary of exp (k ln 2 +- ln(2)/2).
  for (double x = -700; x <= 700; x += 1.0 / 128) {
    const double e = DetExp(x);
    ASSERT_GE(e, previous_exp) << fmt::format("exp at {:a}", x);
    previous_exp = e;
  }
  // log and log1p over (0, 64] and pow(., 2.5) over the same, crossing sqrt(1/2) 2^k boundaries.
  for (double x = 1.0 / 2048; x <= 64; x += 1.0 / 2048) {
    const double l = DetLog(x);
    const double l1 = DetLog1p(x - 1);
    const double p = DetPow(x, 2.5);
    ASSERT_GE(l, previous_log) << fmt::format("log at {:a}", x);
    ASSERT_GE(l1, previous_log1p) << fmt::format("log1p at {:a}", x - 1);
    ASSERT_GE(p, previous_pow) << fmt::format("pow at {:a}", x);
    previous_log = l;
    previous_log1p = l1;
    previous_pow = p;
  }
  // Ulp by ulp across 1, where log changes sign and log1p(x - 1) has its finest detail.
  double x = 1;
  for (int i = 0; i < 1000; ++i) x = std::nextafter(x, 0.0);
  previous_log = -kInf;
  for (int i = 0; i < 2000; ++i, x = std::nextafter(x, 2.0)) {
    ASSERT_GE(DetLog(x), previous_log) << fmt::format("log at {:a}", x);
    previous_log = DetLog(x);
  }
}

// One hash of the bits of every function at fixed points. The debug build (g++) and the sanitize
// build (clang++) run this same expected value, so it proves both compilers give the same bits.
// Change it only when det_math.cc changes on purpose (and say so: every digest changes too).
TEST(DetMathTest, GoldenBitsAreTheSameUnderEveryCompiler) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  const auto fold = [&hash](double value) {
    hash = (hash ^ std::bit_cast<uint64_t>(value)) * 0x100000001b3ULL;
  };
  // One draw per statement: the order of draws inside one call's arguments is unspecified (g++
  // and clang++ differ), and would change the points rather than the functions.
  Prng prng(2007);
  for (int i = 0; i < 20000; ++i) {
    const double u = prng.NextOpenDouble();
    const double wide = -700 + 1400 * prng.NextDouble();
    const int scale = -1000 + static_cast<int>(prng.Below(2000));
    const double pareto_exponent = 1 / (0.1 + 10 * prng.NextDouble());
    const double zipf_base = static_cast<double>(1 + prng.Below(1000000));
    const double zipf_exponent = 0.1 + 2 * prng.NextDouble();
    fold(DetExp(wide));
    fold(DetLog(u));
    fold(DetLog(std::ldexp(u, scale)));
    fold(DetLog1p(-u));
    fold(DetPow(1 - u, pareto_exponent));
    fold(DetPow(zipf_base, zipf_exponent));
  }
  EXPECT_EQ(fmt::format("{:016x}", hash), "802a79973b8a7c3e");
}

}  // namespace
}  // namespace sim
