// ConvergenceMonitor: runs a whole run in steps and samples, between steps, whether every replica
// of every written key holds the same versions (sim/analysis/convergence.h), to report whether the
// cluster converged after quiesce and how long after the last heal it took, and how soon the
// replicas agreed after the last heal while the workload still ran.
//
// Replicas: the first N distinct nodes of each written key's preference list on the newest ring
// any node installed (Cluster::ring), recomputed whenever that ring changes (a join or leave can
// install one during quiesce); a replica's versions are NodeHost::ReplicaVersions (its data plus
// write buffer, no hints; a node that is down counts with its disk). Written keys: every put
// invoked so far.
//
// Sampling rule: interval = max(100 ms, quiesce / 600), fine enough to time repair rounds
// (anti-entropy runs every few seconds), and never more than about 600 samples per quiesce
// however long.
// - Workload phase: the monitor steps the scheduler on the grid 0, interval, 2 interval, ...
//   below the start of quiesce. At a step where no fault is in force and a fault window ended
//   since the last heal it knows of (the latest window end is the heal), it samples at that step
//   and every following one until the first agreeing sample: that sample's time minus the heal
//   is the convergence under load (ConvergenceResult::after_heal_us). A fault that starts
//   meanwhile cancels it, and the next heal starts it again; a heal at quiesce start (a fault
//   still in force when the workload stopped) leaves it unset, as does no fault at all.
// - Quiesce: one sample at the start of quiesce (after the events of that instant, which heal
//   everything and restart crashed nodes), then every interval and one at the very end. The
//   cluster converged at the first sample of the agreement that lasted to the end (a hint
//   delivered late can make agreeing replicas diverge again, so the first agreeing sample is not
//   enough); it did not converge if the last sample disagrees.
//
// Sampling only reads state between scheduler steps and schedules nothing, so the event order and
// the digest are those of an unsampled run (tests compare them). It is cheap: a sample stops at
// the first divergent key, replica sets are computed once per key and ring, and a sample whose
// nodes' stores did not change (VersionedStore::changes), whose nodes did not go up or down and
// whose keys and ring did not change repeats the previous verdict.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/analysis/convergence.h"
#include "sim/cluster.h"
#include "sim/fault_injector.h"
#include "sim/run_result.h"

namespace sim {

class ConvergenceMonitor {
 public:
  // Interval between samples for a quiesce of `quiesce_us`.
  static TimeUs SampleIntervalUs(TimeUs quiesce_us);

  // Keeps references; both must outlive the monitor. `quiesce_us` sets the sample interval.
  ConvergenceMonitor(Cluster& cluster, const FaultInjector& faults, TimeUs quiesce_us);

  // Runs the scheduler from now (0) to `end_us` (the start of quiesce, whose events it runs too),
  // sampling after each heal until the replicas agree. Returns false if the scheduler stopped
  // early at its event bound. REQUIRES: end_us >= now; called once, before RunQuiesce.
  bool RunWorkload(TimeUs end_us);

  // Runs the scheduler from now (the start of quiesce) to `end_us`, sampling. Returns false if
  // the scheduler stopped early at its event bound. REQUIRES: end_us >= now.
  bool RunQuiesce(TimeUs end_us);

  // The outcome, measured from `reference_us` (the later of the last fault window's end and the
  // start of quiesce). REQUIRES: RunQuiesce returned true.
  ConvergenceResult Result(TimeUs reference_us) const;

  // Called after every step of both phases (every sample interval of virtual time), for
  // progress displays. It must not touch the simulation: it runs between steps, at points fixed
  // by the scenario, so it cannot change the event order or the digest.
  void set_after_step(std::function<void()> after_step) { after_step_ = std::move(after_step); }

  // The keys and replica sets the latest sample compared (keys ascending).
  const std::vector<KeyReplicas>& replicas() const { return keys_; }

 private:
  // One node's state signature: a sample is repeated while no signature moves.
  struct NodeSignature {
    bool up = false;
    uint64_t generation = 0;
    uint64_t data_changes = 0;
    uint64_t buffer_changes = 0;
    size_t buffer_keys = 0;
    friend bool operator==(const NodeSignature&, const NodeSignature&) = default;
  };

  // Whether every replica of every key written so far holds the same versions now (divergence_
  // says where not). Reuses the previous verdict when nothing it reads has changed.
  bool Agree();
  // Brings keys_ up to date: puts invoked since the last call, and the replica sets of every key
  // when the newest ring changed.
  void UpdateKeys();
  // After a workload step: notices a heal, samples while one is waiting for agreement.
  void AfterWorkloadStep();
  std::vector<NodeSignature> Signatures();

  Cluster& cluster_;
  const FaultInjector& faults_;
  const TimeUs interval_us_;
  std::function<void()> after_step_;

  std::vector<KeyReplicas> keys_;
  size_t ops_seen_ = 0;         // history ops already scanned for written keys
  uint64_t ring_changes_ = 0;   // Cluster::ring_changes when keys_'s replica sets were computed
  bool keys_changed_ = true;    // since the last verdict
  std::vector<NodeSignature> last_signatures_;
  bool have_verdict_ = false;
  std::optional<Divergence> divergence_;  // of the latest verdict

  // Workload phase.
  size_t windows_seen_ = 0;                 // fault windows started when the heal was last looked for
  bool fault_was_in_force_ = false;
  std::optional<TimeUs> heal_us_;           // the latest heal with no fault in force since
  std::optional<TimeUs> agreed_after_heal_us_;  // first agreeing sample at or after heal_us_
  uint64_t load_samples_ = 0;

  // Quiesce.
  bool agreeing_ = false;       // the latest quiesce sample agreed
  TimeUs streak_start_us_ = 0;  // first sample of the current agreeing streak
  uint64_t samples_ = 0;        // quiesce samples
};

}  // namespace sim
