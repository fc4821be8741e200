// Mean and 95% confidence interval of a metric over several seeds, for comparisons that must not
// mistake seed-to-seed noise for an effect (`dynamo-sim report` with directories of runs,
// `dynamo-sim ablate --seeds`). The interval is Student's t over the seeds: mean +- t(0.975,
// n-1) * s / sqrt(n), s the sample standard deviation (n-1 in the denominator). The quantiles
// are a fixed table (no statistics dependency): exact to four decimals for 1..30 degrees of
// freedom; above 30 the next tabulated smaller df (40, 60, 120) is used, which gives a slightly
// wider interval, never a narrower one.
#pragma once

#include <cstddef>
#include <vector>

namespace sim::report {

// t such that P(T <= t) = 0.975 for Student's t with `degrees_of_freedom` (>= 1).
double StudentT975(size_t degrees_of_freedom);

struct SeedInterval {
  size_t n = 0;             // samples (seeds)
  double mean = 0;
  double half_width = 0;    // 0 when n < 2 (one seed: no interval)
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

// REQUIRES: !samples.empty().
SeedInterval MeanInterval(const std::vector<double>& samples);

// Whether the two intervals share a point (a one-seed value is a point). A difference between
// overlapping intervals is "within noise": not marked better or worse.
bool Overlap(const SeedInterval& a, const SeedInterval& b);

}  // namespace sim::report
