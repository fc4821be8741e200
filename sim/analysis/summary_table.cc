// FormatSummaryTable (summary.h).
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "sim/analysis/detail_text.h"
#include "sim/analysis/summary.h"

namespace sim {
namespace {

// Histograms longer than this show their first rows only (a broken run can miss thousands of
// distinct k values; the full histogram is in report.json).
constexpr size_t kMaxHistogramRows = 12;

void AppendOpRow(std::string* out, std::string_view name, const OpStats& stats) {
  fmt::format_to(std::back_inserter(*out),
                 "{:<10} {:>10} {:>10} {:>12.6f} {:>10.3f} {:>10.3f} {:>10.3f} {:>10.3f} {:>10.3f}\n",
                 name, stats.attempted, stats.succeeded, stats.availability,
                 stats.latency.mean_us / 1000.0, UsToMs(stats.latency.p50_us),
                 UsToMs(stats.latency.p99_us), UsToMs(stats.latency.p999_us),
                 UsToMs(stats.latency.max_us));
  if (stats.pending > 0) {
    fmt::format_to(std::back_inserter(*out), "{:<10} {} still pending at the end (not counted)\n",
                   "", stats.pending);
  }
}

void AppendHistogram(std::string* out, std::string_view label,
                     const absl::btree_map<int, uint64_t>& histogram) {
  fmt::format_to(std::back_inserter(*out), "  {:<16} {:>12}\n", label, "gets");
  size_t rows = 0;
  for (const auto& [value, gets] : histogram) {
    if (rows == kMaxHistogramRows) break;
    fmt::format_to(std::back_inserter(*out), "  {:<16} {:>12}\n", value, gets);
    ++rows;
  }
  if (histogram.size() > rows) {
    fmt::format_to(std::back_inserter(*out), "  ... {} more rows, up to {}\n",
                   histogram.size() - rows, histogram.rbegin()->first);
  }
}

void AppendConsistency(std::string* out, const RunSummary& summary,
                       const ConvergenceResult& summary_convergence) {
  fmt::format_to(std::back_inserter(*out), "lost writes: {} of {} acknowledged puts\n",
                 summary.lost_writes.lost_writes, summary.lost_writes.acknowledged_puts);
  if (summary.lost_writes.removes) {
    fmt::format_to(std::back_inserter(*out),
                   "cart removes: {} acknowledged; {} removed items absent at the end (not lost), "
                   "{} resurrected\n",
                   summary.lost_writes.acknowledged_removes, summary.lost_writes.removed_absent,
                   summary.lost_writes.resurrected_items);
  }
  const ConvergenceResult& convergence = summary_convergence;
  if (convergence.converged) {
    fmt::format_to(std::back_inserter(*out), "converged: yes, {} after {} (last heal or quiesce start)\n",
                   TimeText(convergence.convergence_time_us), TimeText(convergence.reference_us));
  } else {
    fmt::format_to(std::back_inserter(*out), "converged: no (replicas differ at the end)\n");
  }
  if (!convergence.last_heal_us.has_value()) {
    fmt::format_to(std::back_inserter(*out), "converged under load: no heal before quiesce\n");
  } else if (convergence.after_heal_us.has_value()) {
    fmt::format_to(std::back_inserter(*out), "converged under load: {} after the last heal at {}\n",
                   TimeText(*convergence.after_heal_us), TimeText(*convergence.last_heal_us));
  } else {
    fmt::format_to(std::back_inserter(*out),
                   "converged under load: not reached before quiesce (last heal at {})\n",
                   TimeText(*convergence.last_heal_us));
  }
  const StalenessReport& staleness = summary.staleness;
  fmt::format_to(std::back_inserter(*out),
                 "stale reads: {} of {} successful gets (fraction {:.6f})\n", staleness.stale_reads,
                 staleness.gets_checked, staleness.stale_read_fraction);
  if (!staleness.k_histogram.empty()) {
    AppendHistogram(out, "k (puts missed)", staleness.k_histogram);
  }
  fmt::format_to(std::back_inserter(*out), "versions per get: max {}\n",
                 summary.siblings.max_versions);
  if (!summary.siblings.gets_by_versions.empty()) {
    AppendHistogram(out, "versions", summary.siblings.gets_by_versions);
  }
}

void AppendOutages(std::string* out, const OutageReport& outages) {
  fmt::format_to(std::back_inserter(*out), "longest outage: {} overall",
                 TimeText(outages.longest.length_us()));
  if (outages.longest.length_us() > 0) {
    fmt::format_to(std::back_inserter(*out), " (from {})", TimeText(outages.longest.start_us));
  }
  if (outages.worst_client_longest.length_us() > 0) {
    fmt::format_to(std::back_inserter(*out), ", {} for {} (from {})",
                   TimeText(outages.worst_client_longest.length_us()),
                   ClientText(outages.worst_client),
                   TimeText(outages.worst_client_longest.start_us));
  }
  out->push_back('\n');
  if (outages.fault_time_us > 0) {
    fmt::format_to(std::back_inserter(*out), "unavailable in fault windows: {} of {}\n",
                   TimeText(outages.unavailable_in_faults_us), TimeText(outages.fault_time_us));
  }
  for (const FaultRecovery& recovery : outages.recoveries) {
    fmt::format_to(std::back_inserter(*out), "recovery after {} #{} (ended {}): ", recovery.type,
                   recovery.fault_id, TimeText(recovery.heal_us));
    if (recovery.state == RecoveryState::kRecovered) {
      fmt::format_to(std::back_inserter(*out), "{} (back to {:.4f})\n",
                     TimeText(recovery.recovery_us), *recovery.pre_fault_availability);
    } else {
      fmt::format_to(std::back_inserter(*out), "{}\n", RecoveryStateName(recovery.state));
    }
  }
}

void AppendMessages(std::string* out, const MessageSummary& messages) {
  fmt::format_to(std::back_inserter(*out), "messages: sent {}, dropped {}\n", messages.sent,
                 messages.dropped);
  if (messages.by_kind.empty()) return;
  fmt::format_to(std::back_inserter(*out), "  {:<20} {:>12} {:>16}\n", "kind", "count", "bytes");
  for (const MessageTraffic& traffic : messages.by_kind) {
    fmt::format_to(std::back_inserter(*out), "  {:<20} {:>12} {:>16}\n", traffic.kind,
                   traffic.count, traffic.bytes);
  }
  fmt::format_to(std::back_inserter(*out), "  {:<20} {:>12} {:>16}\n", "mechanism", "count",
                 "bytes");
  for (const MessageTraffic& traffic : messages.by_mechanism) {
    fmt::format_to(std::back_inserter(*out), "  {:<20} {:>12} {:>16}\n", traffic.kind,
                   traffic.count, traffic.bytes);
  }
}

}  // namespace

std::string FormatSummaryTable(const RunSummary& summary, const RunResult& result) {
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "{:<10} {:>10} {:>10} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "op",
                 "attempted", "succeeded", "availability", "mean ms", "p50 ms", "p99 ms", "p99.9 ms",
                 "max ms");
  AppendOpRow(&out, "get", summary.ops.get);
  AppendOpRow(&out, "put", summary.ops.put);
  if (result.carts) AppendOpRow(&out, "add", summary.ops.add);
  AppendOutages(&out, summary.outages);
  AppendConsistency(&out, summary, result.convergence);
  AppendMessages(&out, summary.messages);
  fmt::format_to(std::back_inserter(out), "scenario: {}\n", result.scenario);
  fmt::format_to(std::back_inserter(out), "seed: {}\n", result.seed);
  fmt::format_to(std::back_inserter(out), "events: {}\n", result.events);
  fmt::format_to(std::back_inserter(out), "sim time: {:.6f} s\n",
                 static_cast<double>(result.sim_time_us) / static_cast<double>(kSecond));
  if (result.wall_time_s > 0) {
    fmt::format_to(std::back_inserter(out), "wall time: {:.3f} s\n", result.wall_time_s);
    if (result.peak_rss_bytes > 0) {
      fmt::format_to(std::back_inserter(out), "peak RSS: {:.1f} MiB\n",
                     static_cast<double>(result.peak_rss_bytes) / (1024.0 * 1024.0));
    }
    if (result.memory_estimate_bytes > 0) {
      fmt::format_to(std::back_inserter(out), "memory estimate: {:.1f} MiB\n",
                     static_cast<double>(result.memory_estimate_bytes) / (1024.0 * 1024.0));
    }
  } else {
    out += "wall time: not measured\n";
  }
  fmt::format_to(std::back_inserter(out), "checks: {}\n",
                 summary.checks.empty() ? "none configured"
                 : summary.passed       ? "all passed"
                                        : "FAILED");
  for (const CheckResult& check : summary.checks) {
    fmt::format_to(std::back_inserter(out), "  {} {}: {}\n", check.passed ? "PASS" : "FAIL",
                   check.name, check.detail);
  }
  fmt::format_to(std::back_inserter(out), "digest: {}\n", result.digest);
  return out;
}

}  // namespace sim
