#include "sim/analysis/lost_writes.h"

#include <algorithm>
#include <cstdint>

#include "absl/container/btree_set.h"
#include "sim/analysis/staleness.h"

namespace sim {

LostWritesReport ComputeLostWrites(const RunResult& result) {
  LostWritesReport report;
  History final_reads = result.history;  // plus one read per written key, after everything
  TimeUs end_us = result.sim_time_us;
  absl::btree_set<dynamo::Key> written;
  for (const Op& op : result.history.ops()) {
    if (op.type != OpType::kPut || !op.ok()) continue;
    ++report.acknowledged_puts;
    written.insert(op.key);
    end_us = std::max(end_us, op.complete_us);
  }
  for (dynamo::Key key : written) {
    const uint64_t id = final_reads.Invoke(UINT32_MAX, OpType::kGet, key, end_us + 1);
    Op& read = final_reads.at(id);
    read.status = OpStatus::kOk;
    read.complete_us = end_us + 2;
    auto it = result.final_versions.find(key);
    if (it != result.final_versions.end()) read.read.assign(it->second.begin(), it->second.end());
  }
  const StalenessReport staleness =
      ComputeStaleness(final_reads, ValueModel{result.carts, result.last_write_wins});
  for (const StaleRead& stale : staleness.stale) {
    if (stale.get_op < result.history.ops().size()) continue;  // a client's read, not a final one
    report.lost_writes += stale.missed_puts;
    report.by_key.push_back(KeyLosses{final_reads.at(stale.get_op).key, stale.missed_puts});
  }
  return report;
}

}  // namespace sim
