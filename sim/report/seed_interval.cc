#include "sim/report/seed_interval.h"

#include <array>
#include <cmath>

#include "sim/engine/check.h"

namespace sim::report {

double StudentT975(size_t degrees_of_freedom) {
  SIM_CHECK(degrees_of_freedom >= 1, "StudentT975: needs at least one degree of freedom");
  // t(0.975, df) for df = 1..30 (standard tables, four decimals).
  static constexpr std::array<double, 30> kTable = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (degrees_of_freedom <= kTable.size()) return kTable[degrees_of_freedom - 1];
  // Between table points take the smaller df's (larger) quantile: conservative.
  if (degrees_of_freedom < 40) return kTable.back();
  if (degrees_of_freedom < 60) return 2.0211;   // df 40
  if (degrees_of_freedom < 120) return 2.0003;  // df 60
  return 1.9799;                                // df 120
}

SeedInterval MeanInterval(const std::vector<double>& samples) {
  SIM_CHECK(!samples.empty(), "MeanInterval: no samples");
  SeedInterval interval;
  interval.n = samples.size();
  double sum = 0;
  for (double x : samples) sum += x;
  interval.mean = sum / static_cast<double>(interval.n);
  if (interval.n < 2) return interval;
  double squares = 0;
  for (double x : samples) squares += (x - interval.mean) * (x - interval.mean);
  const double sd = std::sqrt(squares / static_cast<double>(interval.n - 1));
  interval.half_width =
      StudentT975(interval.n - 1) * sd / std::sqrt(static_cast<double>(interval.n));
  return interval;
}

bool Overlap(const SeedInterval& a, const SeedInterval& b) {
  return a.low() <= b.high() && b.low() <= a.high();
}

}  // namespace sim::report
