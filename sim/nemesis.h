// Nemesis: random faults drawn from the seed (scenario `nemesis`). Every `interval` until the end
// of `duration` it ends the fault it started last and starts a new one, of a type drawn from
// `faults`, on nodes drawn from the cluster: same seed, same faults. Crash and wipe never take
// more than `max_down` nodes at once (with max_down 0 they are not drawn).
//
// What each type does: partition splits the nodes in two random halves (clients reach both);
// one_way cuts one random node's messages to two others; crash takes 1..max_down nodes down
// until the next draw; wipe replaces one node's disk (it comes back empty at once); latency adds
// 20-200ms to every message of one node; drop loses 5-30% of all messages; clock_skew shifts one
// node's wall clock by up to +-10s.
#pragma once

#include <deque>
#include <optional>

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

  // The faults drawn so far, in order (for reports and tests).
  const std::deque<scenario::Fault>& drawn() const { return drawn_; }

 private:
  void Tick();
  std::optional<scenario::Fault> Draw();
  std::vector<std::string> PickNodes(size_t count);

  Cluster& cluster_;
  FaultInjector& injector_;
  const scenario::Scenario& scenario_;
  Prng prng_;
  std::deque<scenario::Fault> drawn_;  // a deque: the injector keeps references to ended faults
  const scenario::Fault* active_ = nullptr;
};

}  // namespace sim
