#include "sim/analysis/staleness.h"

#include <algorithm>

#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"

namespace sim {

StalenessReport ComputeStaleness(const History& history, ValueModel model,
                                 uint64_t ops_per_interval) {
  // The run's exact event order, not microseconds: a put acknowledged in the very microsecond
  // the get began is before it, so a get that missed it is stale (history_by_key.h).
  std::vector<GetMisses> misses;
  for (const KeyInterval& interval : KeyIntervals(history, ops_per_interval)) {
    // One interval of keys at a time: the records stay a bounded copy of the history.
    const HistoryByKey by_key(history, RecordTimes::kEventOrder, interval);
    for (size_t i = 0; i < by_key.size(); ++i) {
      if (model.carts) {
        CartMissesOfKey(by_key.key(i), &misses);
      } else {
        RegisterMissesOfKey(history, by_key.key(i), model.last_write_wins, &misses);
      }
    }
  }
  std::sort(misses.begin(), misses.end(),
            [](const GetMisses& a, const GetMisses& b) { return a.get_op < b.get_op; });

  StalenessReport report;
  report.gets_checked = misses.size();
  for (const GetMisses& get : misses) {
    ++report.k_histogram[static_cast<int>(get.missed_puts)];
    if (get.missed_puts == 0) continue;
    ++report.stale_reads;
    report.stale.push_back(StaleRead{get.get_op, get.missed_puts});
  }
  if (report.gets_checked > 0) {
    report.stale_read_fraction =
        static_cast<double>(report.stale_reads) / static_cast<double>(report.gets_checked);
  }
  return report;
}

StalenessReport ComputeStaleness(const RunResult& result) {
  return ComputeStaleness(result.history, ValueModel{result.carts, result.last_write_wins});
}

}  // namespace sim
