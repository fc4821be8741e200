// Latency distributions in scenario files, both directions:
//   {"distribution":"constant","value":D}       {"distribution":"uniform","min":D,"max":D}
//   {"distribution":"exponential","mean":D}     {"distribution":"lognormal","median":D,"p99":D}
//   {"distribution":"pareto","scale":D,"shape":x}
//   {"distribution":"mixture","parts":[{"weight":w,"of":DIST},...]}
//   {"distribution":"empirical","quantiles":[[0.5,D],[0.99,D],[1.0,D]]}
#pragma once

#include "nlohmann/json.hpp"
#include "sim/engine/distribution.h"
#include "sim/scenario/json_reader.h"

namespace sim::scenario {

// Reads and validates a distribution object: constant value >= 0; uniform 0 <= min <= max;
// exponential mean > 0; lognormal 0 < median <= p99; pareto scale > 0 and shape > 0; mixture
// weights > 0; empirical quantiles strictly increasing in (0, 1] ending at exactly 1.0, values
// >= 0 and non-decreasing. On error: records it and returns Constant(0).
Distribution ReadDistribution(ParseErrors& errors, const JsonAt& at);

// As ReadDistribution, but a plain duration string also means a constant distribution.
Distribution ReadDistributionOrDuration(ParseErrors& errors, const JsonAt& at);

// The object form of `distribution`, keys in the order above; ReadDistribution reads it back to
// an equal distribution.
nlohmann::ordered_json DistributionToJson(const Distribution& distribution);

}  // namespace sim::scenario
