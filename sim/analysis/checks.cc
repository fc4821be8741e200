#include "sim/analysis/checks.h"

#include <algorithm>
#include <iterator>

#include "fmt/format.h"
#include "sim/analysis/detail_text.h"
#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"
#include "sim/analysis/summary.h"

namespace sim {
namespace {

std::string OpText(const Op& op) {
  return fmt::format("{} op {} by {} on key {} at {}", op.type == OpType::kGet ? "get" : "put",
                     op.id, ClientText(op.client), op.key, TimeText(op.invoke_us));
}

std::string StatusText(OpStatus status) {
  switch (status) {
    case OpStatus::kFailed:
      return "quorum failed";
    case OpStatus::kTimeout:
      return "timed out";
    case OpStatus::kPending:
      return "pending";
    case OpStatus::kOk:
      break;
  }
  return "ok";
}

CheckResult NoLostWrites(const RunResult& result, const LostWritesReport& lost) {
  CheckResult check{"no_lost_writes", lost.lost_writes == 0, ""};
  check.detail = fmt::format("{} of {} acknowledged puts lost", lost.lost_writes,
                             lost.acknowledged_puts);
  if (lost.removes) {
    check.detail += fmt::format(" ({} acknowledged items absent after a remove, not counted)",
                                lost.removed_absent);
  }
  if (lost.lost.empty()) return check;
  const LostPut& first = lost.lost.front();
  check.detail += fmt::format(
      " on {} key{}; first: key {}: put op {} by {} (item {}) acknowledged at {} is not in what "
      "its final replicas hold",
      lost.by_key.size(), lost.by_key.size() == 1 ? "" : "s", first.key, first.put_op, ClientText(first.client), ItemText(first.item),
      TimeText(first.acked_us));
  if (first.survivor_op != kNoOp) {
    const Op& survivor = result.history.at(first.survivor_op);
    check.detail += fmt::format("; the final value is put op {}'s (by {}, invoked at {})",
                                survivor.id, ClientText(survivor.client),
                                TimeText(survivor.invoke_us));
  }
  if (lost.by_key.size() > 1) {
    check.detail += "; keys with losses:";
    for (size_t i = 0; i < lost.by_key.size() && i < 5; ++i) {
      check.detail += fmt::format(" {} ({})", lost.by_key[i].key, lost.by_key[i].lost);
    }
    if (lost.by_key.size() > 5) check.detail += " ...";
  }
  return check;
}

std::string DivergenceText(const RunResult& result, const Divergence& divergence) {
  std::string text = fmt::format("key {}:", divergence.key);
  for (const ReplicaHolding& replica : divergence.replicas) {
    text += fmt::format(" {} holds {} version{}{}", NodeText(result.node_names, replica.node),
                        replica.versions, replica.versions == 1 ? "" : "s",
                        replica.agrees ? "" : " (differs)");
    if (&replica != &divergence.replicas.back()) text += ",";
  }
  return text;
}

CheckResult Convergence(const scenario::ConvergenceCheck& config, const RunResult& result) {
  const ConvergenceResult& convergence = result.convergence;
  CheckResult check{"convergence", convergence.converged, ""};
  if (!convergence.converged) {
    check.detail = fmt::format("replicas still differ at the end of quiesce ({}): {}",
                               TimeText(result.sim_time_us),
                               convergence.divergence ? DivergenceText(result, *convergence.divergence)
                                                      : "no divergent key recorded");
    return check;
  }
  const std::string reference =
      convergence.reference_us == result.quiesce_start_us
          ? fmt::format("quiesce began at {}, every fault healed", TimeText(convergence.reference_us))
          : fmt::format("the last fault ended at {}", TimeText(convergence.reference_us));
  check.detail = fmt::format(
      "all replicas of {} written keys agree; converged {} after {}; first agreeing sample at {}, "
      "sampled every {}",
      convergence.keys, TimeText(convergence.convergence_time_us), reference,
      TimeText(convergence.converged_at_us), TimeText(convergence.sample_interval_us));
  if (config.within_us) {
    check.passed = convergence.convergence_time_us <= *config.within_us;
    check.detail += fmt::format("; {} within {}", check.passed ? "that is" : "that is NOT",
                                TimeText(*config.within_us));
  }
  return check;
}

// The first op of `type` that did not succeed, or nullptr.
const Op* FirstFailure(const RunResult& result, OpType type) {
  for (const Op& op : result.history.ops()) {
    if (op.type == type && op.status != OpStatus::kOk && op.status != OpStatus::kPending) return &op;
  }
  return nullptr;
}

// The timeline bucket with the lowest availability of `type` (nullptr if none had ops).
const TimelineBucket* WorstBucket(const Timeline& timeline, OpType type) {
  const TimelineBucket* worst = nullptr;
  for (const TimelineBucket& bucket : timeline.buckets) {
    const bool get = type == OpType::kGet;
    if ((get ? bucket.gets_attempted : bucket.puts_attempted) == 0) continue;
    const double availability = get ? bucket.get_availability : bucket.put_availability;
    if (worst == nullptr ||
        availability < (get ? worst->get_availability : worst->put_availability)) {
      worst = &bucket;
    }
  }
  return worst;
}

// One bound's verdict into `check`, its text appended to the detail.
bool AppendVerdict(bool ok, const std::string& text, CheckResult* check) {
  check->passed = check->passed && ok;
  if (!check->detail.empty()) check->detail += "; ";
  check->detail += text;
  return ok;
}

void AppendAddAvailability(const RunSummary& summary, double bound, CheckResult* check) {
  if (bound <= 0) return;
  const OpStats& stats = summary.ops.add;
  const bool ok = stats.availability >= bound;
  AppendVerdict(ok,
                fmt::format("add {:.6f} {} {} ({} of {} failed)", stats.availability,
                            ok ? ">=" : "<", bound, stats.attempted - stats.succeeded,
                            stats.attempted),
                check);
}

void AppendOutageBound(const OutageReport& outages, TimeUs bound_us, CheckResult* check) {
  const TimeSpan& longest = outages.worst_client_longest;
  const bool ok = longest.length_us() <= bound_us;
  std::string text = fmt::format("longest outage {} {} {}", TimeText(longest.length_us()),
                                 ok ? "<=" : ">", TimeText(bound_us));
  if (longest.length_us() > 0) {
    text += fmt::format(" ({} from {} to {})", ClientText(outages.worst_client),
                        TimeText(longest.start_us), TimeText(longest.end_us));
  }
  AppendVerdict(ok, text, check);
}

void AppendRecoveryBound(const OutageReport& outages, TimeUs bound_us, CheckResult* check) {
  const FaultRecovery* worst = nullptr;  // not recovered beats any recovery time
  for (const FaultRecovery& recovery : outages.recoveries) {
    if (recovery.state == RecoveryState::kNotMeasured) continue;
    if (worst == nullptr ||
        (worst->state == RecoveryState::kRecovered &&
         (recovery.state == RecoveryState::kNotRecovered ||
          recovery.recovery_us > worst->recovery_us))) {
      worst = &recovery;
    }
  }
  if (worst == nullptr) {
    AppendVerdict(true, fmt::format("recovery: no fault window with ops after it"), check);
    return;
  }
  const std::string which = fmt::format("after {} #{} ended at {}", worst->type, worst->fault_id,
                                        TimeText(worst->heal_us));
  if (worst->state == RecoveryState::kNotRecovered) {
    AppendVerdict(false,
                  fmt::format("not recovered {} (pre-fault availability {:.4f} never came back)",
                              which, *worst->pre_fault_availability),
                  check);
    return;
  }
  const bool ok = worst->recovery_us <= bound_us;
  AppendVerdict(ok,
                fmt::format("longest recovery {} {} {} ({})", TimeText(worst->recovery_us),
                            ok ? "<=" : ">", TimeText(bound_us), which),
                check);
}

void AppendAvailability(const RunResult& result, const RunSummary& summary, OpType type,
                        double bound, CheckResult* check) {
  if (bound <= 0) return;
  const bool get = type == OpType::kGet;
  const OpStats& stats = get ? summary.ops.get : summary.ops.put;
  const bool ok = AppendVerdict(stats.availability >= bound,
                                fmt::format("{} {:.6f} {} {} ({} of {} failed)", get ? "get" : "put",
                                            stats.availability,
                                            stats.availability >= bound ? ">=" : "<", bound,
                                            stats.attempted - stats.succeeded, stats.attempted),
                                check);
  if (ok) return;
  if (const Op* op = FirstFailure(result, type)) {
    check->detail += fmt::format(", first: {} ({})", OpText(*op), StatusText(op->status));
  }
  if (const TimelineBucket* worst = WorstBucket(summary.timeline, type)) {
    check->detail += fmt::format(", worst bucket {}..{}: {:.4f}", TimeText(worst->start_us),
                                 TimeText(worst->start_us + summary.timeline.bucket_us),
                                 get ? worst->get_availability : worst->put_availability);
  }
}

// The slowest successful op of `type`, or nullptr.
const Op* Slowest(const RunResult& result, OpType type) {
  const Op* slowest = nullptr;
  for (const Op& op : result.history.ops()) {
    if (op.type != type || !op.ok()) continue;
    if (slowest == nullptr || op.latency_us() > slowest->latency_us()) slowest = &op;
  }
  return slowest;
}

CheckResult Latency(const absl::btree_map<std::string, TimeUs>& bounds, const RunResult& result,
                    const RunSummary& summary) {
  CheckResult check{"latency", true, ""};
  // The contract's order: get before put, p50 < p99 < p999 < max.
  static constexpr const char* kOrder[] = {"get_p50", "get_p99", "get_p999", "get_max",
                                           "put_p50", "put_p99", "put_p999", "put_max"};
  for (const char* name : kOrder) {
    const auto it = bounds.find(name);
    if (it == bounds.end()) continue;
    const std::string key = name;
    const bool get = key.starts_with("get");
    const LatencyPercentiles& latency = get ? summary.ops.get.latency : summary.ops.put.latency;
    const std::string which = key.substr(4);
    const TimeUs value_us = which == "p50"    ? latency.p50_us
                            : which == "p99"  ? latency.p99_us
                            : which == "p999" ? latency.p999_us
                                              : latency.max_us;
    const bool ok = value_us <= it->second;
    check.passed = check.passed && ok;
    if (!check.detail.empty()) check.detail += "; ";
    check.detail += fmt::format("{} {} {} {}", key, MsText(value_us), ok ? "<=" : ">",
                                MsText(it->second));
    if (ok) continue;
    if (const Op* op = Slowest(result, get ? OpType::kGet : OpType::kPut)) {
      check.detail +=
          fmt::format(" (slowest: {} took {})", OpText(*op), MsText(op->latency_us()));
    }
  }
  return check;
}

// "missed put op 70 (acknowledged at 12.1s)": the first put the stale get missed.
std::string FirstMissedPut(const RunResult& result, uint64_t get_op) {
  // In the exact event order, as ComputeStaleness counts; the detail prints the put's time.
  const dynamo::Key wanted = result.history.at(get_op).key;
  const HistoryByKey by_key(result.history, RecordTimes::kEventOrder,
                            KeyInterval{wanted, wanted});
  for (size_t i = 0; i < by_key.size(); ++i) {
    const KeyHistory key = by_key.key(i);
    if (key.key != wanted) continue;
    std::vector<TimeUs> cover_us;
    if (!result.carts) cover_us = RegisterCoverOfKey(result.history, key, result.last_write_wins);
    for (size_t g = 0; g < key.gets.size(); ++g) {
      if (key.gets[g].id != get_op) continue;
      for (const PutRecord& put : key.puts) {
        if (!put.ok() || put.complete_us >= key.gets[g].invoke_us) continue;
        if (MissedPut(key, key.gets[g], put, result.carts, result.carts ? 0 : cover_us[g])) {
          return fmt::format(", e.g. put op {} acknowledged at {}", put.id,
                             TimeText(result.history.at(put.id).complete_us));
        }
      }
    }
  }
  return "";
}

CheckResult StaleReads(const scenario::StaleReadsCheck& config, const RunResult& result,
                       const StalenessReport& staleness) {
  CheckResult check{"stale_reads", staleness.stale_read_fraction <= config.max_fraction, ""};
  check.detail = fmt::format("stale fraction {:.6f} {} {} ({} of {} successful gets)",
                             staleness.stale_read_fraction, check.passed ? "<=" : ">",
                             config.max_fraction, staleness.stale_reads, staleness.gets_checked);
  if (!staleness.stale.empty()) {
    const StaleRead& first = staleness.stale.front();
    check.detail += fmt::format("; first: {} missed {} put{}{}",
                                OpText(result.history.at(first.get_op)), first.missed_puts,
                                first.missed_puts == 1 ? "" : "s",
                                FirstMissedPut(result, first.get_op));
  }
  return check;
}

CheckResult MaxSiblings(int bound, const RunResult& result, const SiblingsHistogram& siblings) {
  CheckResult check{"max_siblings", siblings.max_versions <= bound, ""};
  check.detail = fmt::format("most versions a get returned: {} {} {}", siblings.max_versions,
                             check.passed ? "<=" : ">", bound);
  for (const Op& op : result.history.ops()) {
    if (op.type == OpType::kGet && op.ok() && static_cast<int>(op.read.size()) > bound) {
      check.detail += fmt::format("; first: {} returned {}", OpText(op), op.read.size());
      break;
    }
  }
  return check;
}

// Every leave completed and every join finished its transfers (run_result.h, MembershipOutcome).
CheckResult Membership(const RunResult& result) {
  CheckResult check{"membership", true, ""};
  size_t done = 0;
  for (const MembershipOutcome& outcome : result.membership) {
    if (outcome.done) {
      ++done;
      continue;
    }
    if (check.passed) {
      check.detail = outcome.change == "leave"
                         ? fmt::format("{}'s leave at {} never completed its hand-off",
                                       outcome.node, TimeText(outcome.at_us))
                     : outcome.left_later
                         ? fmt::format("{}'s join at {} never reached a ring before the node left",
                                       outcome.node, TimeText(outcome.at_us))
                         : fmt::format("{}'s join at {} unfinished: {}, {} written keys it "
                                       "replicates missing",
                                       outcome.node, TimeText(outcome.at_us),
                                       outcome.on_final_ring ? "on the final ring"
                                                             : "not on the final ring",
                                       outcome.keys_missing);
    }
    check.passed = false;
  }
  const std::string summary = fmt::format("{} of {} joins and leaves finished by the end of quiesce",
                                          done, result.membership.size());
  check.detail = check.detail.empty() ? summary : summary + "; first: " + check.detail;
  return check;
}

}  // namespace

CheckResult NoResurrectedItems(const LostWritesReport& lost) {
  CheckResult check{"no_resurrected_items", lost.resurrected_items == 0, ""};
  check.detail = fmt::format("{} removed item{} back in the final read ({} acknowledged removes)",
                             lost.resurrected_items, lost.resurrected_items == 1 ? "" : "s",
                             lost.acknowledged_removes);
  if (lost.resurrected.empty()) return check;
  const ResurrectedItem& first = lost.resurrected.front();
  check.detail += fmt::format("; first: key {}: item {} removed by put op {} of {} acknowledged "
                              "at {}",
                              first.key, ItemText(first.item), first.remove_op,
                              ClientText(first.client), TimeText(first.acked_us));
  return check;
}

std::vector<CheckResult> EvaluateChecks(const scenario::Checks& checks, const RunResult& result,
                                        const RunSummary& summary) {
  std::vector<CheckResult> out;
  if (checks.no_lost_writes) out.push_back(NoLostWrites(result, summary.lost_writes));
  if (checks.no_resurrected_items) out.push_back(NoResurrectedItems(summary.lost_writes));
  if (checks.convergence.enabled) out.push_back(Convergence(checks.convergence, result));
  if (checks.availability) {
    CheckResult check{"availability", true, ""};
    AppendAvailability(result, summary, OpType::kGet, checks.availability->get, &check);
    AppendAvailability(result, summary, OpType::kPut, checks.availability->put, &check);
    AppendAddAvailability(summary, checks.availability->add, &check);
    if (checks.availability->max_outage_us) {
      AppendOutageBound(summary.outages, *checks.availability->max_outage_us, &check);
    }
    if (checks.availability->max_recovery_us) {
      AppendRecoveryBound(summary.outages, *checks.availability->max_recovery_us, &check);
    }
    if (check.detail.empty()) check.detail = "no bound set";
    out.push_back(std::move(check));
  }
  if (!checks.latency.empty()) out.push_back(Latency(checks.latency, result, summary));
  if (checks.stale_reads) out.push_back(StaleReads(*checks.stale_reads, result, summary.staleness));
  if (checks.max_siblings) out.push_back(MaxSiblings(*checks.max_siblings, result, summary.siblings));
  if (checks.membership.value_or(!result.membership.empty())) out.push_back(Membership(result));
  return out;
}

bool AllPassed(const std::vector<CheckResult>& checks) {
  return std::all_of(checks.begin(), checks.end(),
                     [](const CheckResult& check) { return check.passed; });
}

}  // namespace sim
