#include "sim/analysis/timeline.h"

#include <algorithm>

#include "absl/types/span.h"
#include "sim/analysis/latency_stats.h"
#include "sim/engine/check.h"

namespace sim {

TimeUs ChooseTimelineBucketUs(TimeUs total_us) {
  SIM_CHECK(total_us > 0, "a timeline of an empty run");
  for (TimeUs decade = kMillisecond;; decade *= 10) {
    for (TimeUs step : {1, 2, 5}) {
      const TimeUs size_us = decade * step;
      if ((total_us + size_us - 1) / size_us <= kMaxTimelineBuckets) return size_us;
    }
  }
}

Timeline ComputeTimeline(const RunResult& result, const StalenessReport& staleness) {
  SIM_CHECK(result.timeline_bucket_us > 0, "timeline bucket size not set");
  Timeline timeline;
  timeline.bucket_us = result.timeline_bucket_us;
  TimeUs end_us = std::max<TimeUs>(result.sim_time_us, 1);
  for (const Op& op : result.history.ops()) end_us = std::max(end_us, op.invoke_us + 1);
  const size_t count = std::max(
      static_cast<size_t>((end_us + timeline.bucket_us - 1) / timeline.bucket_us),
      result.messages_by_bucket.size());
  timeline.buckets.resize(count);
  for (size_t i = 0; i < count; ++i) {
    timeline.buckets[i].start_us = static_cast<TimeUs>(i) * timeline.bucket_us;
  }
  auto index_of = [&](TimeUs at_us) {
    return static_cast<size_t>(std::max<TimeUs>(at_us, 0) / timeline.bucket_us);
  };
  std::vector<std::vector<TimeUs>> get_latencies_us(count);
  std::vector<std::vector<TimeUs>> put_latencies_us(count);
  for (const Op& op : result.history.ops()) {
    if (op.status == OpStatus::kPending) continue;
    const size_t index = index_of(op.invoke_us);
    TimelineBucket& bucket = timeline.buckets[index];
    const bool get = op.type == OpType::kGet;
    ++(get ? bucket.gets_attempted : bucket.puts_attempted);
    if (!op.ok()) continue;
    ++(get ? bucket.gets_succeeded : bucket.puts_succeeded);
    (get ? get_latencies_us : put_latencies_us)[index].push_back(op.latency_us());
  }
  for (const StaleRead& stale : staleness.stale) {
    ++timeline.buckets[index_of(result.history.at(stale.get_op).invoke_us)].stale_reads;
  }
  for (size_t i = 0; i < result.messages_by_bucket.size(); ++i) {
    timeline.buckets[i].messages_sent = result.messages_by_bucket[i];
  }
  for (size_t i = 0; i < timeline.buckets.size(); ++i) {
    TimelineBucket& bucket = timeline.buckets[i];
    if (bucket.gets_attempted > 0) {
      bucket.get_availability = static_cast<double>(bucket.gets_succeeded) /
                                static_cast<double>(bucket.gets_attempted);
    }
    if (bucket.puts_attempted > 0) {
      bucket.put_availability = static_cast<double>(bucket.puts_succeeded) /
                                static_cast<double>(bucket.puts_attempted);
    }
    if (bucket.gets_succeeded > 0) {
      bucket.stale_fraction =
          static_cast<double>(bucket.stale_reads) / static_cast<double>(bucket.gets_succeeded);
    }
    bucket.get_p99_us = ComputePercentiles(absl::MakeSpan(get_latencies_us[i])).p99_us;
    bucket.put_p99_us = ComputePercentiles(absl::MakeSpan(put_latencies_us[i])).p99_us;
  }
  return timeline;
}

}  // namespace sim
