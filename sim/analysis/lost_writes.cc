#include "sim/analysis/lost_writes.h"

#include <algorithm>
#include <cstdint>

#include "absl/container/btree_set.h"
#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// The history plus one final read per written key, invoked after every op completed, that
// returned the key's final versions.
History WithFinalReads(const RunResult& result, const absl::btree_set<dynamo::Key>& written,
                       TimeUs end_us) {
  History final_reads = result.history;
  for (dynamo::Key key : written) {
    const uint64_t id = final_reads.Invoke(UINT32_MAX, OpType::kGet, key, end_us + 1);
    Op& read = final_reads.at(id);
    read.status = OpStatus::kOk;
    read.complete_us = end_us + 2;
    auto it = result.final_versions.find(key);
    if (it != result.final_versions.end()) {
      final_reads.RecordRead(id, it->second, /*keep_values=*/!result.carts);
    }
  }
  return final_reads;
}

// The latest-completing put whose value the final read returned (registers' survivor).
uint64_t SurvivorOf(const KeyHistory& key, const GetRecord& final_read) {
  uint64_t survivor = kNoOp;
  TimeUs latest_us = 0;
  key.ForEachReturnedPut(final_read, [&](size_t position) {
    const PutRecord& put = key.puts[position];
    if (survivor == kNoOp || put.complete_us > latest_us) {
      survivor = put.id;
      latest_us = put.complete_us;
    }
  });
  return survivor;
}

}  // namespace

LostWritesReport ComputeLostWrites(const RunResult& result) {
  LostWritesReport report;
  TimeUs end_us = result.sim_time_us;
  absl::btree_set<dynamo::Key> written;
  for (const Op& op : result.history.ops()) {
    if (op.type != OpType::kPut || !op.ok()) continue;
    ++report.acknowledged_puts;
    written.insert(op.key);
    end_us = std::max(end_us, op.complete_us);
  }
  const History final_reads = WithFinalReads(result, written, end_us);
  const uint64_t first_final = result.history.ops().size();
  const HistoryByKey by_key(final_reads);
  for (size_t i = 0; i < by_key.size(); ++i) {
    const KeyHistory key = by_key.key(i);
    // The final read is invoked after every other op: the key's last get, if the key was written.
    if (key.gets.empty() || key.gets.back().id < first_final) continue;
    const GetRecord& final_read = key.gets.back();
    TimeUs cover_us = 0;
    if (!result.carts) {
      cover_us = RegisterCoverOfKey(final_reads, key, result.last_write_wins).back();
    }
    const uint64_t survivor = result.carts ? kNoOp : SurvivorOf(key, final_read);
    uint64_t lost = 0;
    for (const PutRecord& put : key.puts) {
      if (!put.ok() || !MissedPut(key, final_read, put, result.carts, cover_us)) continue;
      ++lost;
      const Op& op = result.history.at(put.id);
      report.lost.push_back(LostPut{key.key, put.id, op.client, put.item, put.complete_us, survivor});
    }
    if (lost == 0) continue;
    report.lost_writes += lost;
    report.by_key.push_back(KeyLosses{key.key, lost});
  }
  std::sort(report.lost.begin(), report.lost.end(), [](const LostPut& a, const LostPut& b) {
    return a.key != b.key ? a.key < b.key : a.put_op < b.put_op;
  });
  SIM_CHECK(report.lost_writes == report.lost.size(), "every lost put named once");
  return report;
}

}  // namespace sim
