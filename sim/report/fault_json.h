// A fault window (run_result.h) as report.json writes it, also the arguments of its slice in the
// Perfetto trace and the value of its :nemesis ops in the Jepsen history:
//   {id, type, source ("scheduled" | "nemesis"), start_s, end_s,
//    ended_by ("until" | "heal" | "restart" | "nemesis" | "quiesce"; absent when instantaneous),
//    and the parameters its type uses:
//      partition: groups (every group, the nodes no group listed included as the last one;
//                 a client in no group reaches every node)
//      one_way: from, to                        crash, restart, wipe, join, leave: nodes
//      latency: nodes, extra (a distribution in the scenario format's object form)
//      drop: rate, nodes (absent: every message)   clock_skew: nodes, offset_s (signed)
//    heal has none}.
#pragma once

#include "nlohmann/json.hpp"
#include "sim/run_result.h"

namespace sim {

nlohmann::json FaultWindowJson(const FaultWindow& window);

// The parameters alone (the keys after ended_by above).
nlohmann::json FaultParametersJson(const FaultWindow& window);

}  // namespace sim
