#include "sim/convergence_monitor.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {

TimeUs ConvergenceMonitor::SampleIntervalUs(TimeUs quiesce_us) {
  return std::max<TimeUs>(100 * kMillisecond, quiesce_us / 600);
}

ConvergenceMonitor::ConvergenceMonitor(Cluster& cluster, const FaultInjector& faults,
                                       TimeUs quiesce_us)
    : cluster_(cluster), faults_(faults), interval_us_(SampleIntervalUs(quiesce_us)) {}

bool ConvergenceMonitor::RunWorkload(TimeUs end_us) {
  Scheduler& scheduler = cluster_.scheduler();
  SIM_CHECK(end_us >= scheduler.NowUs(), "the workload ends before it starts");
  // Grid points from the first one after now; the one at end_us belongs to quiesce.
  for (TimeUs at_us = (scheduler.NowUs() / interval_us_ + 1) * interval_us_; at_us < end_us;
       at_us += interval_us_) {
    if (!scheduler.RunUntil(at_us)) return false;
    AfterWorkloadStep();
    if (after_step_) after_step_();
  }
  if (!scheduler.RunUntil(end_us)) return false;
  // A fault that started after the last step's heal ends at quiesce at the earliest: then the
  // last heal is quiesce itself, and there is no convergence under load to report.
  for (const FaultWindow& window : faults_.windows()) {
    if (heal_us_.has_value() && window.end_us > *heal_us_) {
      heal_us_.reset();
      agreed_after_heal_us_.reset();
    }
  }
  return true;
}

void ConvergenceMonitor::AfterWorkloadStep() {
  if (faults_.AnyInForce()) {  // no heal yet: wait for the next one
    fault_was_in_force_ = true;
    heal_us_.reset();
    agreed_after_heal_us_.reset();
    return;
  }
  const std::vector<FaultWindow>& windows = faults_.windows();
  if (fault_was_in_force_ || windows.size() != windows_seen_) {
    // Every window has ended: the latest end is the heal.
    TimeUs heal_us = 0;
    for (const FaultWindow& window : windows) heal_us = std::max(heal_us, window.end_us);
    heal_us_ = heal_us;
    agreed_after_heal_us_.reset();
    windows_seen_ = windows.size();
    fault_was_in_force_ = false;
  }
  if (!heal_us_.has_value() || agreed_after_heal_us_.has_value()) return;
  ++load_samples_;
  if (Agree()) agreed_after_heal_us_ = cluster_.scheduler().NowUs();
}

bool ConvergenceMonitor::RunQuiesce(TimeUs end_us) {
  Scheduler& scheduler = cluster_.scheduler();
  const TimeUs start_us = scheduler.NowUs();
  SIM_CHECK(end_us >= start_us, "quiesce ends before it starts");
  auto sample = [this, &scheduler] {
    const bool agree = Agree();
    if (agree && !agreeing_) streak_start_us_ = scheduler.NowUs();
    agreeing_ = agree;
    ++samples_;
  };
  sample();
  for (TimeUs at_us = start_us + interval_us_; at_us < end_us; at_us += interval_us_) {
    if (!scheduler.RunUntil(at_us)) return false;
    sample();
    if (after_step_) after_step_();
  }
  if (!scheduler.RunUntil(end_us)) return false;
  if (end_us > start_us) sample();
  return true;
}

void ConvergenceMonitor::UpdateKeys() {
  const size_t n = cluster_.node_config().n;
  const History::Ops& ops = cluster_.history().ops();
  std::vector<dynamo::Key> added;
  for (; ops_seen_ < ops.size(); ++ops_seen_) {
    if (ops[ops_seen_].type == OpType::kPut) added.push_back(ops[ops_seen_].key);
  }
  if (cluster_.ring_changes() != ring_changes_) {
    ring_changes_ = cluster_.ring_changes();
    for (KeyReplicas& key : keys_) cluster_.ring().PreferenceList(key.key, n, &key.replicas);
    keys_changed_ = true;
  }
  if (added.empty()) return;
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  const auto by_key = [](const KeyReplicas& a, const KeyReplicas& b) { return a.key < b.key; };
  const size_t old_size = keys_.size();
  for (dynamo::Key key : added) {
    KeyReplicas probe;
    probe.key = key;
    if (std::binary_search(keys_.begin(), keys_.begin() + old_size, probe, by_key)) continue;
    KeyReplicas& entry = keys_.emplace_back(std::move(probe));
    cluster_.ring().PreferenceList(key, n, &entry.replicas);
  }
  if (keys_.size() == old_size) return;
  std::inplace_merge(keys_.begin(), keys_.begin() + old_size, keys_.end(), by_key);
  keys_changed_ = true;
}

std::vector<ConvergenceMonitor::NodeSignature> ConvergenceMonitor::Signatures() {
  std::vector<NodeSignature> signatures(cluster_.node_count());
  for (size_t i = 0; i < signatures.size(); ++i) {
    NodeHost& host = cluster_.host(i);
    NodeSignature& signature = signatures[i];
    signature.generation = host.durable().generation;
    signature.data_changes = host.durable().data.changes();
    if (const dynamo::Node* node = host.node(); node != nullptr) {
      signature.up = true;
      signature.buffer_changes = node->replica().buffer().changes();
      signature.buffer_keys = node->replica().buffer().size();
    }
  }
  return signatures;
}

bool ConvergenceMonitor::Agree() {
  UpdateKeys();
  std::vector<NodeSignature> signatures = Signatures();
  if (have_verdict_ && !keys_changed_ && signatures == last_signatures_) {
    return !divergence_.has_value();  // same state, same verdict
  }
  last_signatures_ = std::move(signatures);
  keys_changed_ = false;
  have_verdict_ = true;
  divergence_ = FindDivergence(keys_, [this](dynamo::NodeId node, dynamo::Key key,
                                             dynamo::Siblings& scratch) {
    return cluster_.host(node).ReplicaVersions(key, scratch);
  });
  return !divergence_.has_value();
}

ConvergenceResult ConvergenceMonitor::Result(TimeUs reference_us) const {
  ConvergenceResult result;
  result.converged = agreeing_;
  result.reference_us = reference_us;
  result.sample_interval_us = interval_us_;
  result.samples = samples_;
  result.keys = keys_.size();
  if (agreeing_) {
    result.converged_at_us = streak_start_us_;
    result.convergence_time_us = std::max<TimeUs>(0, streak_start_us_ - reference_us);
  } else {
    result.divergence = divergence_;
  }
  result.last_heal_us = heal_us_;
  result.load_samples = load_samples_;
  if (heal_us_.has_value() && agreed_after_heal_us_.has_value()) {
    result.after_heal_us = *agreed_after_heal_us_ - *heal_us_;
  }
  return result;
}

}  // namespace sim
