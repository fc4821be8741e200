#include "sim/run_bounds.h"

#include <algorithm>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace sim {
namespace {

constexpr uint64_t kBaseMaxEvents = 100'000'000;
constexpr uint64_t kEventsPerActorSecond = 1'000'000;
constexpr uint64_t kEventsPerOpenLoopOp = 1'000;
constexpr uint64_t kBaseStallEvents = 100'000;
constexpr uint64_t kStallEventsPerActor = 1'000;

uint64_t SaturatingMultiply(uint64_t a, uint64_t b) {
  uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<uint64_t>::max() : product;
}

uint64_t SaturatingSum(uint64_t a, uint64_t b) {
  uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<uint64_t>::max() : sum;
}

uint64_t Actors(const scenario::Scenario& scenario) {
  return static_cast<uint64_t>(scenario.cluster.nodes) +
         static_cast<uint64_t>(scenario.workload.clients);
}

// Whether `d` can sample 0 microseconds.
bool CanBeZero(const Distribution& d) { return d.QuantileUs(1e-9) < 0.5; }

}  // namespace

uint64_t DefaultMaxEvents(const scenario::Scenario& scenario) {
  const uint64_t seconds =
      static_cast<uint64_t>((scenario.duration_us + scenario.quiesce_us) / kSecond) + 1;
  uint64_t bound = SaturatingSum(
      kBaseMaxEvents, SaturatingMultiply(SaturatingMultiply(seconds, Actors(scenario)),
                                         kEventsPerActorSecond));
  if (scenario.workload.rate) {
    const double ops = *scenario.workload.rate * static_cast<double>(seconds);
    const uint64_t open_loop_ops =
        ops >= 1e18 ? std::numeric_limits<uint64_t>::max() : static_cast<uint64_t>(ops);
    bound = SaturatingSum(bound, SaturatingMultiply(open_loop_ops, kEventsPerOpenLoopOp));
  }
  return bound;
}

uint64_t StallEventLimit(const scenario::Scenario& scenario) {
  return SaturatingSum(kBaseStallEvents,
                       SaturatingMultiply(Actors(scenario), kStallEventsPerActor));
}

std::string StallCause(const scenario::Scenario& scenario) {
  std::vector<std::string> causes;
  if (CanBeZero(scenario.network.latency)) causes.push_back("network.latency can be 0us");
  for (const auto& [kind, latency] : scenario.network.by_message) {
    if (CanBeZero(latency)) causes.push_back(fmt::format("network.by_message.{} can be 0us", kind));
  }
  if (!scenario.workload.rate && scenario.workload.think_time_us == 0) {
    causes.push_back("workload.think_time is 0us");
  }
  if (causes.empty()) return "a zero delay somewhere in the model";
  std::string text;
  for (const std::string& cause : causes) text += (text.empty() ? "" : ", ") + cause;
  return text;
}

}  // namespace sim
