#include "sim/convergence_monitor.h"

#include <algorithm>

#include "absl/container/btree_set.h"
#include "sim/engine/check.h"

namespace sim {

TimeUs ConvergenceMonitor::SampleIntervalUs(TimeUs quiesce_us) {
  return std::max<TimeUs>(100 * kMillisecond, quiesce_us / 600);
}

bool ConvergenceMonitor::RunQuiesce(TimeUs end_us) {
  Scheduler& scheduler = cluster_.scheduler();
  const TimeUs start_us = scheduler.NowUs();
  SIM_CHECK(end_us >= start_us, "quiesce ends before it starts");
  interval_us_ = SampleIntervalUs(end_us - start_us);
  absl::btree_set<dynamo::Key> written;
  for (const Op& op : cluster_.history().ops()) {
    if (op.type == OpType::kPut) written.insert(op.key);
  }
  const std::vector<dynamo::Key> keys(written.begin(), written.end());
  keys_ = ReplicasOfKeys(cluster_.ring(), keys, cluster_.node_config().n);
  Sample();
  for (TimeUs at_us = start_us + interval_us_; at_us < end_us; at_us += interval_us_) {
    if (!scheduler.RunUntil(at_us)) return false;
    Sample();
  }
  if (!scheduler.RunUntil(end_us)) return false;
  if (end_us > start_us) Sample();
  return true;
}

std::vector<ConvergenceMonitor::NodeSignature> ConvergenceMonitor::Signatures() {
  std::vector<NodeSignature> signatures(cluster_.node_count());
  for (size_t i = 0; i < signatures.size(); ++i) {
    NodeHost& host = cluster_.host(i);
    NodeSignature& signature = signatures[i];
    signature.data_changes = host.durable().data.changes();
    if (const dynamo::Node* node = host.node(); node != nullptr) {
      signature.up = true;
      signature.buffer_changes = node->replica().buffer().changes();
      signature.buffer_keys = node->replica().buffer().size();
    }
  }
  return signatures;
}

absl::Span<const dynamo::Version> ConvergenceMonitor::Read(dynamo::NodeId node, dynamo::Key key,
                                                           dynamo::Siblings& scratch) {
  NodeHost& host = cluster_.host(node);
  const dynamo::Node* live = host.node();
  if (live != nullptr && live->replica().buffer().Contains(key)) {
    scratch = live->replica().Read(key);  // data and unflushed buffer, reconciled
    return scratch;
  }
  return host.durable().data.Get(key);
}

void ConvergenceMonitor::Sample() {
  const TimeUs now_us = cluster_.scheduler().NowUs();
  std::vector<NodeSignature> signatures = Signatures();
  const bool unchanged = samples_ > 0 && signatures == last_signatures_;
  ++samples_;
  if (unchanged) return;  // same state, same verdict; the streak (if any) goes on
  last_signatures_ = std::move(signatures);
  divergence_ = FindDivergence(keys_, [this](dynamo::NodeId node, dynamo::Key key,
                                             dynamo::Siblings& scratch) {
    return Read(node, key, scratch);
  });
  const bool agree = !divergence_.has_value();
  if (agree && !agreeing_) streak_start_us_ = now_us;
  agreeing_ = agree;
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
  return result;
}

}  // namespace sim
