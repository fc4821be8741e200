// The bounds every run gets, so a scenario the loader accepts ends in bounded time even when its
// model never lets the clock advance:
//   - an event bound derived from the scenario (commands' --max-events overrides it), generous
//     enough that no realistic run reaches it: a runaway bound, not a budget;
//   - a stall bound: that many events in a row at one virtual instant means virtual time has
//     stopped (every delay can be zero: zero latency with zero think time), and the run stops
//     with a message naming the keys that allow it.
// Neither changes what a run does before it stops, so digests are unaffected.
#pragma once

#include <cstdint>
#include <string>

#include "sim/scenario/scenario.h"

namespace sim {

// 10^8 events, plus 10^6 per simulated second for each client and node, plus 10^3 per op an
// open-loop rate asks for.
uint64_t DefaultMaxEvents(const scenario::Scenario& scenario);

// 10^5 events, plus 10^3 per client and node (a burst at one instant: every client's op and
// every node's timers resolving with zero delays).
uint64_t StallEventLimit(const scenario::Scenario& scenario);

// Why the clock can stand still in `scenario`: the keys whose zero values allow it
// ("network.latency can be 0us, workload.think_time is 0us"), for the stall message.
std::string StallCause(const scenario::Scenario& scenario);

}  // namespace sim
