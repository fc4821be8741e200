// ConvergenceMonitor: runs the quiesce phase in steps and samples, between steps, whether every
// replica of every written key holds the same versions (sim/analysis/convergence.h), to report
// whether the cluster converged and how long after the last heal it took.
//
// Sampling rule: one sample at the start of quiesce (after the events of that instant, which heal
// everything and restart crashed nodes), then every `interval` and one at the very end, where
// interval = max(100 ms, quiesce / 600): fine enough to time repair rounds (anti-entropy runs
// every few seconds), and never more than about 600 samples however long the quiesce. The cluster
// converged at the first sample of the agreement that lasted to the end (a hint delivered late can
// make agreeing replicas diverge again, so the first agreeing sample is not enough); it did not
// converge if the last sample disagrees.
//
// Sampling only reads state between scheduler steps and schedules nothing, so the event order and
// the digest are those of an unsampled run. It is cheap: the replicas of the written keys (known
// at quiesce start, when the workload has stopped) are worked out once, and a sample rescans them
// only if some node's stores changed (VersionedStore::changes) or a node went up or down since the
// previous sample; otherwise it repeats that sample's verdict. REQUIRES: the ring does not change
// during quiesce.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/analysis/convergence.h"
#include "sim/cluster.h"
#include "sim/run_result.h"

namespace sim {

class ConvergenceMonitor {
 public:
  // Interval between samples for a quiesce of `quiesce_us`.
  static TimeUs SampleIntervalUs(TimeUs quiesce_us);

  explicit ConvergenceMonitor(Cluster& cluster) : cluster_(cluster) {}

  // Runs the scheduler from now (the start of quiesce) to `end_us`, sampling. Returns false if
  // the scheduler stopped early at its event bound. REQUIRES: end_us >= now.
  bool RunQuiesce(TimeUs end_us);

  // The outcome, measured from `reference_us` (the later of the last fault window's end and the
  // start of quiesce). REQUIRES: RunQuiesce returned true.
  ConvergenceResult Result(TimeUs reference_us) const;

 private:
  // One node's state signature: a sample is repeated while no signature moves.
  struct NodeSignature {
    bool up = false;
    uint64_t data_changes = 0;
    uint64_t buffer_changes = 0;
    size_t buffer_keys = 0;
    friend bool operator==(const NodeSignature&, const NodeSignature&) = default;
  };

  void Sample();
  std::vector<NodeSignature> Signatures();
  absl::Span<const dynamo::Version> Read(dynamo::NodeId node, dynamo::Key key,
                                         dynamo::Siblings& scratch);

  Cluster& cluster_;
  TimeUs interval_us_ = 0;
  std::vector<KeyReplicas> keys_;
  std::vector<NodeSignature> last_signatures_;
  std::optional<Divergence> divergence_;  // of the latest sample
  bool agreeing_ = false;                 // the latest sample agreed
  TimeUs streak_start_us_ = 0;            // first sample of the current agreeing streak
  uint64_t samples_ = 0;
};

}  // namespace sim
