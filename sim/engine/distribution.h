// Latency distributions of the scenario format, sampled with the simulator's own Prng.
// A Distribution is plain data: the scenario loader builds it from JSON, the network samples it.
// Sampling uses only the Prng, the simulator's own exp/log/log1p/pow (det_math.h) and sqrt (no
// std:: distributions, no libm transcendental functions), so a seed gives the same delays under
// every compiler and C library.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/prng.h"
#include "sim/engine/time.h"

namespace sim {

struct Distribution;

struct MixturePart {
  double weight = 0;
  std::vector<Distribution> of;  // exactly one element (a vector, so the type may be recursive)
};

struct QuantilePoint {
  double quantile = 0;  // in (0, 1]
  TimeUs value_us = 0;
};

struct Distribution {
  enum class Kind { kConstant, kUniform, kExponential, kLognormal, kPareto, kMixture, kEmpirical };

  Kind kind = Kind::kConstant;
  TimeUs value_us = 0;   // constant
  TimeUs min_us = 0;     // uniform
  TimeUs max_us = 0;     // uniform
  TimeUs mean_us = 0;    // exponential
  TimeUs median_us = 0;  // lognormal
  TimeUs p99_us = 0;     // lognormal; REQUIRES p99_us >= median_us > 0
  TimeUs scale_us = 0;   // pareto: the minimum value
  double shape = 0;      // pareto: tail index, > 0
  std::vector<MixturePart> parts;        // mixture; weights > 0, need not sum to 1
  std::vector<QuantilePoint> quantiles;  // empirical; increasing quantile and value, last is 1.0
  // Lognormal's sigma, (ln p99 - ln median) / z99, computed once by Lognormal(): two DetLogs
  // per sample were 7% of a 64-node run's CPU. Used only while median_us and p99_us still equal
  // the values it was computed from, so a Distribution edited field by field stays correct.
  double lognormal_sigma = 0;
  TimeUs lognormal_sigma_median_us = 0;
  TimeUs lognormal_sigma_p99_us = 0;

  static Distribution Constant(TimeUs value_us);
  static Distribution Uniform(TimeUs min_us, TimeUs max_us);
  static Distribution Exponential(TimeUs mean_us);
  static Distribution Lognormal(TimeUs median_us, TimeUs p99_us);
  static Distribution Pareto(TimeUs scale_us, double shape);
  static Distribution Mixture(std::vector<MixturePart> parts);
  static Distribution Empirical(std::vector<QuantilePoint> quantiles);

  // One sample, rounded to whole microseconds, never negative, at most kLongestDurationUs.
  TimeUs SampleUs(Prng& prng) const;

  // The exact q-quantile of the distribution (q in (0,1)), for tests and reports. Mixtures are
  // solved numerically by bisection on the mixed CDF.
  double QuantileUs(double q) const;

  // Human-readable name of the kind ("lognormal").
  std::string KindName() const;
};

// The standard normal quantile function (Acklam's rational approximation, relative error
// below 1.2e-9). Exposed for tests.
double StandardNormalQuantile(double p);

}  // namespace sim
