// Nemesis: random faults drawn from the seed (scenario `nemesis`). Every `interval` until the end
// of `duration` it ends the fault it started last and starts a new one, of a type drawn from
// `faults`, on nodes drawn from the cluster: same seed, same faults. docs/nemesis.md says what
// each type draws, from which ranges, in which order, from the Prng stream "nemesis". Its faults
// compose with the scheduled ones (fault_injector.h); the injector records every choice in the
// fault windows (source "nemesis").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/cluster.h"
#include "sim/engine/prng.h"
#include "sim/fault_injector.h"
#include "sim/scenario/scenario.h"

namespace sim {

class Nemesis {
 public:
  Nemesis(Cluster& cluster, FaultInjector& injector, const scenario::Scenario& scenario,
          uint64_t seed)
      : cluster_(cluster), injector_(injector), scenario_(scenario), prng_(seed, "nemesis") {}

  // Schedules the draws. REQUIRES: scenario.nemesis is set.
  void Schedule();

 private:
  void Tick();
  std::optional<scenario::Fault> Draw();
  std::vector<std::string> PickNodes(size_t count);

  Cluster& cluster_;
  FaultInjector& injector_;
  const scenario::Scenario& scenario_;
  Prng prng_;
  uint32_t active_id_ = 0;  // window id of the fault it started last, if that fault lasts
};

}  // namespace sim
