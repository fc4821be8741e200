#include "sim/analysis/outages.h"

#include <algorithm>
#include <limits>

#include "absl/container/btree_map.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

constexpr size_t kNoSuccessAfter = std::numeric_limits<size_t>::max();

// `spans` sorted and merged into disjoint, non-touching spans.
std::vector<TimeSpan> Union(std::vector<TimeSpan> spans) {
  std::sort(spans.begin(), spans.end(), [](const TimeSpan& a, const TimeSpan& b) {
    return a.start_us < b.start_us || (a.start_us == b.start_us && a.end_us < b.end_us);
  });
  std::vector<TimeSpan> merged;
  for (const TimeSpan& span : spans) {
    if (span.end_us <= span.start_us) continue;
    if (!merged.empty() && span.start_us <= merged.back().end_us) {
      merged.back().end_us = std::max(merged.back().end_us, span.end_us);
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

bool Lasts(const FaultWindow& window) { return window.end_us > window.start_us; }

struct BucketCounts {
  TimeUs start_us = 0;
  uint64_t attempted = 0;
  uint64_t succeeded = 0;
};

std::optional<double> AvailabilityOver(const std::vector<const BucketCounts*>& buckets) {
  uint64_t attempted = 0;
  uint64_t succeeded = 0;
  for (const BucketCounts* bucket : buckets) {
    attempted += bucket->attempted;
    succeeded += bucket->succeeded;
  }
  if (attempted == 0) return std::nullopt;
  return static_cast<double>(succeeded) / static_cast<double>(attempted);
}

}  // namespace

std::vector<TimeSpan> OutageSpans(absl::Span<const Op* const> ops) {
  std::vector<TimeUs> successes;
  for (const Op* op : ops) {
    if (op->ok()) successes.push_back(op->complete_us);
  }
  std::sort(successes.begin(), successes.end());
  // By the index of the first success after the failed op's invocation (kNoSuccessAfter last).
  absl::btree_map<size_t, TimeSpan> outages;
  for (const Op* op : ops) {
    if (op->ok() || op->status == OpStatus::kPending) continue;
    const size_t next = static_cast<size_t>(
        std::upper_bound(successes.begin(), successes.end(), op->invoke_us) - successes.begin());
    const bool none_after = next == successes.size();
    const TimeUs end_us = none_after ? op->complete_us : successes[next];
    const auto [it, inserted] =
        outages.try_emplace(none_after ? kNoSuccessAfter : next, TimeSpan{op->invoke_us, end_us});
    if (inserted) continue;
    it->second.start_us = std::min(it->second.start_us, op->invoke_us);
    it->second.end_us = std::max(it->second.end_us, end_us);
  }
  std::vector<TimeSpan> spans;
  for (const auto& [next, span] : outages) {
    SIM_CHECK(span.end_us >= span.start_us, "an outage ends before it starts");
    spans.push_back(span);
  }
  return spans;
}

TimeSpan LongestSpan(absl::Span<const TimeSpan> spans) {
  TimeSpan longest;
  for (const TimeSpan& span : spans) {
    if (span.length_us() > longest.length_us()) longest = span;
  }
  return longest;
}

TimeUs OverlapUs(std::vector<TimeSpan> a, std::vector<TimeSpan> b) {
  a = Union(std::move(a));
  b = Union(std::move(b));
  TimeUs total = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const TimeUs start = std::max(a[i].start_us, b[j].start_us);
    const TimeUs end = std::min(a[i].end_us, b[j].end_us);
    if (end > start) total += end - start;
    if (a[i].end_us < b[j].end_us) {
      ++i;
    } else {
      ++j;
    }
  }
  return total;
}

std::vector<FaultRecovery> ComputeRecoveries(absl::Span<const FaultWindow> faults,
                                             const Timeline& timeline) {
  SIM_CHECK(timeline.bucket_us > 0, "recovery needs timeline buckets");
  const TimeUs width = timeline.bucket_us;
  std::vector<BucketCounts> buckets;
  for (const TimelineBucket& bucket : timeline.buckets) {
    buckets.push_back(BucketCounts{bucket.start_us, bucket.gets_attempted + bucket.puts_attempted,
                                   bucket.gets_succeeded + bucket.puts_succeeded});
  }
  auto overlaps_a_fault = [&](const BucketCounts& bucket) {
    return std::any_of(faults.begin(), faults.end(), [&](const FaultWindow& window) {
      return Lasts(window) && bucket.start_us < window.end_us &&
             bucket.start_us + width > window.start_us;
    });
  };
  std::vector<const BucketCounts*> fault_free;
  for (const BucketCounts& bucket : buckets) {
    if (!overlaps_a_fault(bucket)) fault_free.push_back(&bucket);
  }
  std::vector<FaultRecovery> recoveries;
  for (const FaultWindow& window : faults) {
    if (!Lasts(window)) continue;
    FaultRecovery recovery;
    recovery.fault_id = window.id;
    recovery.type = window.type;
    recovery.heal_us = window.end_us;
    TimeUs previous_end_us = 0;
    for (const FaultWindow& other : faults) {
      if (&other != &window && Lasts(other) && other.end_us <= window.start_us) {
        previous_end_us = std::max(previous_end_us, other.end_us);
      }
    }
    std::vector<const BucketCounts*> before;
    for (const BucketCounts* bucket : fault_free) {
      if (bucket->start_us >= previous_end_us && bucket->start_us + width <= window.start_us) {
        before.push_back(bucket);
      }
    }
    recovery.pre_fault_availability = AvailabilityOver(before);
    if (!recovery.pre_fault_availability) {
      recovery.pre_fault_availability = AvailabilityOver(fault_free);
    }
    if (recovery.pre_fault_availability) {
      const double level = *recovery.pre_fault_availability - kRecoveryTolerance;
      for (const BucketCounts& bucket : buckets) {
        if (bucket.start_us < window.end_us || bucket.attempted == 0) continue;
        const double availability =
            static_cast<double>(bucket.succeeded) / static_cast<double>(bucket.attempted);
        if (availability >= level) {
          recovery.state = RecoveryState::kRecovered;
          recovery.recovery_us = bucket.start_us - window.end_us;
          break;
        }
        recovery.state = RecoveryState::kNotRecovered;
      }
    }
    recoveries.push_back(std::move(recovery));
  }
  return recoveries;
}

OutageReport ComputeOutages(const RunResult& result, const Timeline& timeline) {
  OutageReport report;
  std::vector<TimeSpan> fault_spans;
  for (const FaultWindow& window : result.faults) {
    if (Lasts(window)) fault_spans.push_back(TimeSpan{window.start_us, window.end_us});
  }
  report.fault_time_us = OverlapUs(fault_spans, {TimeSpan{0, std::numeric_limits<TimeUs>::max()}});
  std::vector<const Op*> all;
  absl::btree_map<uint32_t, std::vector<const Op*>> by_client;
  for (const Op& op : result.history.ops()) {
    all.push_back(&op);
    by_client[op.client].push_back(&op);
  }
  const std::vector<TimeSpan> overall = OutageSpans(all);
  report.longest = LongestSpan(overall);
  report.unavailable_in_faults_us = OverlapUs(overall, fault_spans);
  for (const auto& [client, ops] : by_client) {
    const std::vector<TimeSpan> spans = OutageSpans(ops);
    ClientOutages outages{client, LongestSpan(spans), OverlapUs(spans, fault_spans)};
    if (outages.longest.length_us() > report.worst_client_longest.length_us()) {
      report.worst_client_longest = outages.longest;
      report.worst_client = client;
    }
    report.clients.push_back(outages);
  }
  if (timeline.bucket_us > 0) report.recoveries = ComputeRecoveries(result.faults, timeline);
  return report;
}

const char* RecoveryStateName(RecoveryState state) {
  switch (state) {
    case RecoveryState::kRecovered:
      return "recovered";
    case RecoveryState::kNotRecovered:
      return "not recovered";
    case RecoveryState::kNotMeasured:
      return "not measured";
  }
  return "not measured";
}

}  // namespace sim
