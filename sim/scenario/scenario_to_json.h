// The fully resolved scenario as JSON, for `dynamo-sim explain`: the keys of the file format in
// the order the format documents them, every default written out, durations as strings
// ("1.5s", "20ms", "150us") that parse back exactly. Optional parts that are unset (nemesis,
// workload.rate, fault "until", checks without a bound) are left out, as in a file.
//
// Round trip: ParseScenario of the output gives a Scenario whose ScenarioToJson is identical.
#pragma once

#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"

namespace sim::scenario {

// An ordered_json so the keys keep the documented order when printed.
nlohmann::ordered_json ScenarioToJson(const Scenario& scenario);

}  // namespace sim::scenario
