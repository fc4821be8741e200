#include "sim/engine/distribution.h"

#include <cmath>

#include "sim/engine/check.h"
#include "sim/engine/det_math.h"

namespace sim {
namespace {

// z such that P(Z <= z) = 0.99 for a standard normal Z.
constexpr double kNormalQuantile99 = 2.3263478740408408;

TimeUs RoundToMicroseconds(double value_us) {
  if (!(value_us > 0)) return 0;
  if (value_us >= static_cast<double>(kLongestDurationUs)) return kLongestDurationUs;
  return static_cast<TimeUs>(std::floor(value_us + 0.5));
}

double ComputeLognormalSigma(const Distribution& d) {
  return (DetLog(static_cast<double>(d.p99_us)) - DetLog(static_cast<double>(d.median_us))) /
         kNormalQuantile99;
}

// The same value as ComputeLognormalSigma, from the cache Lognormal() fills when it is current.
double LognormalSigma(const Distribution& d) {
  if (d.lognormal_sigma_median_us == d.median_us && d.lognormal_sigma_p99_us == d.p99_us &&
      d.median_us > 0) {
    return d.lognormal_sigma;
  }
  return ComputeLognormalSigma(d);
}

// Quantile of an empirical distribution: linear between (0, 0us), the listed points, and 1.0.
double EmpiricalQuantile(const std::vector<QuantilePoint>& points, double u) {
  double previous_q = 0;
  double previous_v = 0;
  for (const QuantilePoint& point : points) {
    if (u <= point.quantile) {
      const double span = point.quantile - previous_q;
      const double fraction = span > 0 ? (u - previous_q) / span : 1.0;
      return previous_v + fraction * (static_cast<double>(point.value_us) - previous_v);
    }
    previous_q = point.quantile;
    previous_v = static_cast<double>(point.value_us);
  }
  return previous_v;
}

// The quantile function evaluated at u in (0, 1), for every kind but mixture.
double InverseCdf(const Distribution& d, double u) {
  switch (d.kind) {
    case Distribution::Kind::kConstant:
      return static_cast<double>(d.value_us);
    case Distribution::Kind::kUniform:
      return static_cast<double>(d.min_us) + u * static_cast<double>(d.max_us - d.min_us);
    case Distribution::Kind::kExponential:
      return -static_cast<double>(d.mean_us) * DetLog1p(-u);
    case Distribution::Kind::kLognormal:
      return static_cast<double>(d.median_us) *
             DetExp(LognormalSigma(d) * StandardNormalQuantile(u));
    case Distribution::Kind::kPareto:
      return static_cast<double>(d.scale_us) / DetPow(1.0 - u, 1.0 / d.shape);
    case Distribution::Kind::kEmpirical:
      return EmpiricalQuantile(d.quantiles, u);
    case Distribution::Kind::kMixture:
      break;
  }
  SIM_CHECK(false, "InverseCdf does not handle mixtures");
  return 0;
}

double Cdf(const Distribution& d, double x) {
  if (d.kind == Distribution::Kind::kMixture) {
    double total_weight = 0;
    double mass = 0;
    for (const MixturePart& part : d.parts) {
      total_weight += part.weight;
      mass += part.weight * Cdf(part.of.front(), x);
    }
    return mass / total_weight;
  }
  // Bisection on the monotone quantile function: good enough for tests and reports.
  double low = 0;
  double high = 1;
  for (int i = 0; i < 80; ++i) {
    const double mid = (low + high) / 2;
    if (mid >= 1) {  // low is one ulp below 1 and (low + 1) / 2 rounded up: all mass is <= x
      low = 1;
      break;
    }
    if (InverseCdf(d, mid) <= x) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return low;
}

}  // namespace

double StandardNormalQuantile(double p) {
  SIM_CHECK(p > 0 && p < 1, "normal quantile needs p in (0, 1)");
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p < kLow) {
    const double q = std::sqrt(-2 * DetLog(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - kLow) {
    const double q = std::sqrt(-2 * DetLog1p(-p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

Distribution Distribution::Constant(TimeUs value_us) {
  Distribution d;
  d.kind = Kind::kConstant;
  d.value_us = value_us;
  return d;
}

Distribution Distribution::Uniform(TimeUs min_us, TimeUs max_us) {
  SIM_CHECK(min_us <= max_us, "uniform needs min <= max");
  Distribution d;
  d.kind = Kind::kUniform;
  d.min_us = min_us;
  d.max_us = max_us;
  return d;
}

Distribution Distribution::Exponential(TimeUs mean_us) {
  Distribution d;
  d.kind = Kind::kExponential;
  d.mean_us = mean_us;
  return d;
}

Distribution Distribution::Lognormal(TimeUs median_us, TimeUs p99_us) {
  SIM_CHECK(median_us > 0 && p99_us >= median_us, "lognormal needs 0 < median <= p99");
  Distribution d;
  d.kind = Kind::kLognormal;
  d.median_us = median_us;
  d.p99_us = p99_us;
  d.lognormal_sigma = ComputeLognormalSigma(d);
  d.lognormal_sigma_median_us = median_us;
  d.lognormal_sigma_p99_us = p99_us;
  return d;
}

Distribution Distribution::Pareto(TimeUs scale_us, double shape) {
  SIM_CHECK(shape > 0, "pareto needs a positive shape");
  Distribution d;
  d.kind = Kind::kPareto;
  d.scale_us = scale_us;
  d.shape = shape;
  return d;
}

Distribution Distribution::Mixture(std::vector<MixturePart> parts) {
  SIM_CHECK(!parts.empty(), "mixture needs parts");
  Distribution d;
  d.kind = Kind::kMixture;
  d.parts = std::move(parts);
  return d;
}

Distribution Distribution::Empirical(std::vector<QuantilePoint> quantiles) {
  SIM_CHECK(!quantiles.empty() && quantiles.back().quantile == 1.0,
            "empirical needs points ending at quantile 1.0");
  Distribution d;
  d.kind = Kind::kEmpirical;
  d.quantiles = std::move(quantiles);
  return d;
}

TimeUs Distribution::SampleUs(Prng& prng) const {
  switch (kind) {
    case Kind::kConstant:
      return value_us;  // no draw: a constant delay does not consume randomness
    case Kind::kUniform:
      return min_us + static_cast<TimeUs>(prng.Below(static_cast<uint64_t>(max_us - min_us) + 1));
    case Kind::kMixture: {
      double total_weight = 0;
      for (const MixturePart& part : parts) total_weight += part.weight;
      double pick = prng.NextDouble() * total_weight;
      for (const MixturePart& part : parts) {
        if (pick < part.weight) return part.of.front().SampleUs(prng);
        pick -= part.weight;
      }
      return parts.back().of.front().SampleUs(prng);
    }
    default:
      return RoundToMicroseconds(InverseCdf(*this, prng.NextOpenDouble()));
  }
}

double Distribution::QuantileUs(double q) const {
  SIM_CHECK(q > 0 && q < 1, "quantile needs q in (0, 1)");
  if (kind != Kind::kMixture) return InverseCdf(*this, q);
  double low = 0;
  double high = 1;
  while (Cdf(*this, high) < q) high *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = (low + high) / 2;
    if (Cdf(*this, mid) < q) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return high;
}

std::string Distribution::KindName() const {
  switch (kind) {
    case Kind::kConstant: return "constant";
    case Kind::kUniform: return "uniform";
    case Kind::kExponential: return "exponential";
    case Kind::kLognormal: return "lognormal";
    case Kind::kPareto: return "pareto";
    case Kind::kMixture: return "mixture";
    case Kind::kEmpirical: return "empirical";
  }
  return "?";
}

}  // namespace sim
