#include "sim/engine/det_math.h"

#include <array>
#include <bit>
#include <cmath>  // frexp, ldexp, floor only: exact operations, the same bits in every library
#include <cstddef>
#include <cstdint>
#include <limits>

// Fast-math lets the compiler reassociate and contract, which breaks the error-free
// transformations below (TwoSum, TwoProduct) and with them the bit-for-bit results.
#ifdef __FAST_MATH__
#error "sim/engine/det_math.cc must not be compiled with -ffast-math"
#endif

namespace sim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2, about 106 bits.
struct DoubleDouble {
  double hi = 0;
  double lo = 0;
};

// ln 2 as a double-double.
constexpr DoubleDouble kLn2 = {0.6931471805599453, 2.3190468138462996e-17};
// ln 2 split for Cody and Waite reduction (fdlibm's ln2_hi, ln2_lo): kLn2CodyHi has 21 trailing
// zero bits, so k * kLn2CodyHi is exact for |k| < 2^21.
constexpr double kLn2CodyHi = 6.93147180369123816490e-01;
constexpr double kLn2CodyLo = 1.9082149292705877e-10;
constexpr double kInvLn2 = 1.4426950408889634;
// 1/3 as a double-double (the first coefficient of the atanh series needs the extra bits).
constexpr DoubleDouble kThird = {0.3333333333333333, 1.850371707708594e-17};
constexpr double kSqrtHalf = 0.7071067811865476;
// Beyond these, e^x overflows to +inf or underflows to 0.
constexpr double kExpOverflow = 709.782712893384;
constexpr double kExpUnderflow = -745.1332191019412;

// 1/5, 1/7, ..., 1/23: atanh(s) = s (1 + t/3 + t^2 (1/5 + t/7 + ... + t^9/23) + ...) in powers
// of t = s^2 <= 0.0295; the first omitted term, t^12/25, is below 2^-65 of the result. Plain
// double suffices for this sum: it is scaled by t^2 <= 0.0009 relative to the leading term.
constexpr std::array<double, 10> kAtanhTail = {1.0 / 5,  1.0 / 7,  1.0 / 9,  1.0 / 11, 1.0 / 13,
                                               1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};
// 1/2!, 1/3!, ..., 1/16!: e^x - 1 - x = x^2 (1/2! + x/3! + ...); for |x| <= 0.35 the first
// omitted term, x^17/17!, is below 2^-66.
constexpr std::array<double, 15> kExpTail = {
    1.0 / 2,          1.0 / 6,          1.0 / 24,           1.0 / 120,           1.0 / 720,
    1.0 / 5040,       1.0 / 40320,      1.0 / 362880,       1.0 / 3628800,       1.0 / 39916800,
    1.0 / 479001600,  1.0 / 6227020800, 1.0 / 87178291200, 1.0 / 1307674368000,
    1.0 / 20922789888000};

// c[0] + x (c[1] + x (c[2] + ...)), innermost first: one fixed order of operations.
template <size_t N>
double Horner(const std::array<double, N>& c, double x) {
  double sum = c[N - 1];
  for (size_t i = N - 1; i > 0; --i) sum = c[i - 1] + x * sum;
  return sum;
}

// Knuth's TwoSum: hi + lo == a + b exactly, hi == fl(a + b).
DoubleDouble TwoSum(double a, double b) {
  const double sum = a + b;
  const double b_virtual = sum - a;
  const double error = (a - (sum - b_virtual)) + (b - b_virtual);
  return {sum, error};
}

// Dekker's FastTwoSum, for |a| >= |b| (or a == 0): hi + lo == a + b exactly.
DoubleDouble FastTwoSum(double a, double b) {
  const double sum = a + b;
  return {sum, b - (sum - a)};
}

// Dekker's split: hi has at most 26 significant bits and hi + lo == a (for |a| < 2^996).
DoubleDouble Split(double a) {
  const double scaled = 134217729.0 * a;  // 2^27 + 1
  const double hi = scaled - (scaled - a);
  return {hi, a - hi};
}

// Dekker's TwoProduct without FMA: hi + lo == a * b exactly, hi == fl(a * b).
DoubleDouble TwoProduct(double a, double b) {
  const double product = a * b;
  const DoubleDouble as = Split(a);
  const DoubleDouble bs = Split(b);
  const double error =
      (((as.hi * bs.hi - product) + as.hi * bs.lo) + as.lo * bs.hi) + as.lo * bs.lo;
  return {product, error};
}

DoubleDouble Add(DoubleDouble a, DoubleDouble b) {
  const DoubleDouble high = TwoSum(a.hi, b.hi);
  const DoubleDouble low = TwoSum(a.lo, b.lo);
  const DoubleDouble partial = FastTwoSum(high.hi, high.lo + low.hi);
  return FastTwoSum(partial.hi, partial.lo + low.lo);
}

DoubleDouble Multiply(DoubleDouble a, DoubleDouble b) {
  const DoubleDouble product = TwoProduct(a.hi, b.hi);
  return FastTwoSum(product.hi, product.lo + (a.hi * b.lo + a.lo * b.hi));
}

DoubleDouble Scale2(DoubleDouble a) { return {2 * a.hi, 2 * a.lo}; }  // exact

// a / b for a double a.
DoubleDouble Divide(double a, DoubleDouble b) {
  const double first = a / b.hi;
  const DoubleDouble back = Multiply(b, {first, 0});
  const double remainder = ((a - back.hi) - back.lo);
  return FastTwoSum(first, remainder / b.hi);
}

// ln x for finite x > 0, as a double-double.
DoubleDouble LogDoubleDouble(double x) {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m 2^exponent, m in [1/2, 1); exact
  if (m < kSqrtHalf) {
    m *= 2;
    --exponent;
  }
  // ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| <= 0.1716.
  const double m_minus_1 = m - 1;  // exact (Sterbenz)
  const DoubleDouble s = Divide(m_minus_1, TwoSum(m, 1));
  const DoubleDouble t = Multiply(s, s);  // t <= 0.0295
  const double rest = Horner(kAtanhTail, t.hi);                // 1/5 + t/7 + ... + t^9/23
  const DoubleDouble series = Add(kThird, {t.hi * rest, 0});  // 1/3 + t/5 + t^2/7 + ...
  const DoubleDouble log_m = Add(Scale2(s), Scale2(Multiply(Multiply(s, t), series)));
  const double e = static_cast<double>(exponent);
  const DoubleDouble product = TwoProduct(e, kLn2.hi);
  const DoubleDouble e_ln2 = FastTwoSum(product.hi, product.lo + e * kLn2.lo);
  return Add(e_ln2, log_m);
}

// m * 2^k for m within [1/2, 2] (what ExpDoubleDouble scales): where the result is a normal
// number, multiplying by the double 2^k is exact, so it is bit for bit std::ldexp, without the
// library call (which was a fifth of the cost of drawing a lognormal message latency).
double ScaleByPowerOfTwo(double m, int k) {
  if (k < -1021 || k > 1022) return std::ldexp(m, k);  // subnormal or overflowing results
  return m * std::bit_cast<double>(static_cast<uint64_t>(k + 1023) << 52);
}

// e^(hi + lo), where |lo| is at most a few ulp of hi.
double ExpDoubleDouble(double hi, double lo) {
  if (hi != hi) return hi;  // NaN
  if (hi > kExpOverflow) return kInfinity;
  if (hi < kExpUnderflow) return 0;
  const double k = std::floor(hi * kInvLn2 + 0.5);  // |k| <= 1075
  // hi - k * kLn2CodyHi is exact: the product is exact and the difference is far smaller than
  // either operand. What remains, r = r_hi + r_lo, is within about ln(2)/2 of 0.
  const DoubleDouble r = TwoSum(hi - k * kLn2CodyHi, lo - k * kLn2CodyLo);
  const double x = r.hi;
  const double tail = x * x * Horner(kExpTail, x);  // e^x - 1 - x
  // e^(x + r_lo) = e^x (1 + r_lo): 1 + x exactly as a double-double, then the small terms.
  const DoubleDouble one_plus_x = TwoSum(1, x);
  const double small = one_plus_x.lo + (tail + (r.lo + r.lo * x));
  return ScaleByPowerOfTwo(one_plus_x.hi + small, static_cast<int>(k));
}

}  // namespace

double DetExp(double x) { return ExpDoubleDouble(x, 0); }

double DetLog(double x) {
  if (x != x) return x;  // NaN
  if (x < 0) return kNaN;
  if (x == 0) return -kInfinity;
  if (x == kInfinity) return kInfinity;
  return LogDoubleDouble(x).hi;  // Add leaves hi == fl(hi + lo)
}

double DetLog1p(double x) {
  if (x != x || x == 0) return x;  // NaN, and keeps the sign of zero
  if (x < -1) return kNaN;
  if (x == -1) return -kInfinity;
  if (x == kInfinity) return kInfinity;
  // 1 + x = a.hi + a.lo exactly; ln(a.hi + a.lo) = ln(a.hi) + a.lo / a.hi, to 2^-106.
  const DoubleDouble a = TwoSum(1, x);
  const DoubleDouble log_a = LogDoubleDouble(a.hi);
  return log_a.hi + (log_a.lo + a.lo / a.hi);
}

double DetPow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (x != x || y != y || x < 0) return kNaN;
  if (x == 0) return y > 0 ? 0 : kInfinity;
  if (x == kInfinity) return y > 0 ? kInfinity : 0;
  // y ln x as a double-double; ExpDoubleDouble looks at the low part only when the high part
  // is in range, where y and ln x are far below the split's overflow limit.
  const DoubleDouble log_x = LogDoubleDouble(x);
  const DoubleDouble product = TwoProduct(y, log_x.hi);
  return ExpDoubleDouble(product.hi, product.lo + y * log_x.lo);
}

}  // namespace sim
