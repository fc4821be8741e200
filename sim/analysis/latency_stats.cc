#include "sim/analysis/latency_stats.h"

#include <algorithm>
#include <vector>

#include "sim/engine/check.h"

namespace sim {

TimeUs NearestRankUs(absl::Span<const TimeUs> sorted_us, uint32_t parts_per_million) {
  SIM_CHECK(!sorted_us.empty(), "a percentile of no samples");
  SIM_CHECK(parts_per_million > 0 && parts_per_million <= kMaxPartsPerMillion,
            "percentile outside (0, 100]");
  const uint64_t n = sorted_us.size();
  // ceil(ppm * n / 1e6) in integers; n < 2^44 keeps the product inside 64 bits.
  uint64_t rank = (parts_per_million * n + kMaxPartsPerMillion - 1) / kMaxPartsPerMillion;
  rank = std::max<uint64_t>(rank, 1);
  SIM_CHECK(rank <= n, "nearest rank past the last sample");
  return sorted_us[rank - 1];
}

LatencyPercentiles ComputePercentiles(absl::Span<TimeUs> latencies_us) {
  LatencyPercentiles percentiles;
  if (latencies_us.empty()) return percentiles;
  std::sort(latencies_us.begin(), latencies_us.end());
  percentiles.p50_us = NearestRankUs(latencies_us, kP50PartsPerMillion);
  percentiles.p99_us = NearestRankUs(latencies_us, kP99PartsPerMillion);
  percentiles.p999_us = NearestRankUs(latencies_us, kP999PartsPerMillion);
  percentiles.max_us = latencies_us.back();
  // Summed in integers (exact: 2^63 us is 292,000 years of latency), divided once.
  TimeUs sum_us = 0;
  for (TimeUs latency_us : latencies_us) sum_us += latency_us;
  percentiles.mean_us = static_cast<double>(sum_us) / static_cast<double>(latencies_us.size());
  return percentiles;
}

namespace {

// Availability and percentiles from counts the caller made and the successful ops' latencies.
OpStats FinishStats(OpStats stats, std::vector<TimeUs> latencies_us) {
  if (stats.attempted > 0) {
    stats.availability =
        static_cast<double>(stats.succeeded) / static_cast<double>(stats.attempted);
  }
  stats.latency = ComputePercentiles(absl::MakeSpan(latencies_us));  // sorts them
  if (!latencies_us.empty()) {
    for (uint32_t parts_per_million : kCdfPartsPerMillion) {
      stats.cdf.push_back(
          LatencyQuantile{parts_per_million, NearestRankUs(latencies_us, parts_per_million)});
    }
  }
  return stats;
}

}  // namespace

OpStats ComputeOpStats(const History& history, OpType type) {
  OpStats stats;
  std::vector<TimeUs> latencies_us;
  for (const Op& op : history.ops()) {
    if (op.type != type) continue;
    if (op.status == OpStatus::kPending) {
      ++stats.pending;
      continue;
    }
    ++stats.attempted;
    if (!op.ok()) continue;
    ++stats.succeeded;
    SIM_CHECK(op.complete_us >= op.invoke_us, "an op completed before it was invoked");
    latencies_us.push_back(op.latency_us());
  }
  return FinishStats(stats, std::move(latencies_us));
}

OpStats ComputeAddStats(const History& history) {
  // The put of each add's read, if it had one.
  std::vector<const Op*> put_of_read(history.ops().size(), nullptr);
  for (const Op& op : history.ops()) {
    if (op.type == OpType::kPut && op.read_op != kNoOp) put_of_read[op.read_op] = &op;
  }
  OpStats stats;
  std::vector<TimeUs> latencies_us;
  for (const Op& read : history.ops()) {
    if (!read.add_read) continue;
    const Op* put = put_of_read[read.id];
    // Undecided: the read, or the put it led to, has no outcome yet.
    if (read.status == OpStatus::kPending || (put != nullptr && put->status == OpStatus::kPending)) {
      ++stats.pending;
      continue;
    }
    ++stats.attempted;
    if (put == nullptr || !put->ok()) continue;
    ++stats.succeeded;
    SIM_CHECK(put->complete_us >= read.invoke_us, "an add completed before it was invoked");
    latencies_us.push_back(put->complete_us - read.invoke_us);
  }
  return FinishStats(stats, std::move(latencies_us));
}

LatencyStats ComputeLatencyStats(const History& history) {
  LatencyStats stats;
  stats.get = ComputeOpStats(history, OpType::kGet);
  stats.put = ComputeOpStats(history, OpType::kPut);
  stats.add = ComputeAddStats(history);
  return stats;
}

}  // namespace sim
