// Delta debugging over a scenario: the search behind `dynamo-sim shrink`. Starting from a
// scenario that fails a check with a given seed, it tries smaller scenarios one reduction at a
// time and keeps each one that still fails (the caller's `evaluate` decides, and runs the
// simulation). Reductions, in the order of one round:
//   - remove the nemesis;
//   - drop scheduled faults (ddmin over the list: halves, then quarters, ...);
//   - halve each lasting fault's window (until - at);
//   - shorten duration (halving, never below the last fault's time). Quiesce is never cut: the
//     convergence and lost-write checks need it, and a shorter one can turn their verdict;
//   - drop nodes (last first; never one a fault names or the only gossip seed; nodes >= N);
//   - halve clients (never below a client a partition names) and keys;
//   - puts only (mix get 0, put 1); no loss, duplication or per-kind latency on the network.
// Rounds repeat until one accepts nothing or the run budget is spent. Bugs, checks, the
// replication and the value model are never changed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace sim::cli {

enum class Verdict {
  kInvalid,  // the loader refuses the candidate: not run, costs no run
  kFails,    // ran, and the check still fails
  kPasses,   // ran, and the check passed
};

class Shrinker {
 public:
  using Evaluate = std::function<Verdict(const scenario::Scenario& candidate)>;
  using Report = std::function<void(const std::string& reduction)>;

  // REQUIRES: `start` fails the check (`evaluate(start) == kFails`); max_runs >= 0 bounds the
  // number of candidates that `evaluate` runs. `report` hears each accepted reduction, such as
  // "removed fault 3 (crash n2)" or "duration 80s -> 20s".
  Shrinker(scenario::Scenario start, Evaluate evaluate, Report report, int max_runs);

  // Shrinks until a round accepts nothing or the budget is spent; returns the smallest scenario
  // found (`start` itself when nothing could be removed).
  scenario::Scenario Run();

  int runs_used() const { return runs_used_; }
  bool budget_exhausted() const { return runs_used_ >= max_runs_; }

 private:
  // Runs `candidate` if the budget allows; when it still fails, it becomes the current scenario
  // and `description` is reported. Returns whether it was accepted.
  bool Try(const scenario::Scenario& candidate, const std::string& description);

  bool DropNemesis();
  bool DropFaults();
  bool ShortenFaultWindows();
  bool ShortenDuration();
  bool DropNodes();
  bool ReduceClients();
  bool ReduceKeys();
  bool SimplifyWorkloadAndNetwork();

  scenario::Scenario current_;
  std::vector<size_t> fault_origin_;  // index in the start scenario of each current fault
  Evaluate evaluate_;
  Report report_;
  const int max_runs_;
  int runs_used_ = 0;
};

// "crash n2", "partition n1 n2 c1 | n3 n4 n5", "heal": a fault in a few words, for reports.
std::string DescribeFault(const scenario::Fault& fault);

}  // namespace sim::cli
