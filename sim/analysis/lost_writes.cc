#include "sim/analysis/lost_writes.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// The puts of the written keys, then one final read per written key, invoked after every op
// completed, that returned the key's final versions. The run's gets are left out: a lost put is
// judged by the final read alone, and copying them would add a second history to the analysis's
// peak memory (most ops of a read-heavy run are gets). The copies keep no
// invoked_before_completion: it counts the run's invocations, not this history's, so only
// RecordTimes::kMicroseconds may read this history.
struct FinalReads {
  History history;
  std::vector<uint64_t> run_op;  // run_op[i]: the run's op id of put i of `history`
  uint64_t first_final = 0;      // id of the first final read in `history`
};

// The FinalReads of the written keys `keys` (ascending, not empty): one slice of them.
FinalReads WithFinalReads(const RunResult& result, absl::Span<const dynamo::Key> keys,
                          TimeUs end_us) {
  FinalReads out;
  SIM_CHECK(!keys.empty(), "a slice of no keys");
  for (const Op& op : result.history.ops()) {
    if (op.type != OpType::kPut || op.key < keys.front() || op.key > keys.back() ||
        !std::binary_search(keys.begin(), keys.end(), op.key)) {
      continue;
    }
    const uint64_t id = out.history.Invoke(op.client, op.type, op.key, op.invoke_us);
    Op& put = out.history.at(id);
    put.complete_us = op.complete_us;
    put.status = op.status;
    if (op.written != kNoVersion) {
      out.history.RecordWritten(id, result.history.written(op), /*keep_value=*/true);
    }
    out.run_op.push_back(op.id);
    if (op.remove) {  // a cart remove's put: no item of its own; its item's removal is copied
      put.remove = true;
      put.removed_item = op.removed_item;
      put.read_op = op.read_op;
      continue;
    }
    out.history.SetPutItem(id, op.item);
    SIM_CHECK(put.position == op.position, "a key's puts keep their positions without the gets");
  }
  out.first_final = out.history.ops().size();
  for (dynamo::Key key : keys) {
    const uint64_t id = out.history.Invoke(UINT32_MAX, OpType::kGet, key, end_us + 1);
    Op& read = out.history.at(id);
    read.status = OpStatus::kOk;
    read.complete_us = end_us + 2;
    auto it = result.final_versions.find(key);
    if (it != result.final_versions.end()) {
      out.history.RecordRead(id, it->second, /*keep_values=*/!result.carts);
    }
  }
  return out;
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

// Adds to `report` the losses and resurrections of the keys of `final_reads` (one slice).
void AddLosses(const RunResult& result, const FinalReads& final_reads,
               const absl::flat_hash_map<uint64_t, uint64_t>& acked_remove_of,
               LostWritesReport& report) {
  const HistoryByKey by_key(final_reads.history);
  for (size_t i = 0; i < by_key.size(); ++i) {
    const KeyHistory key = by_key.key(i);
    // The final read is invoked after every other op: the key's last get, if the key was written.
    if (key.gets.empty() || key.gets.back().id < final_reads.first_final) continue;
    const GetRecord& final_read = key.gets.back();
    TimeUs cover_us = 0;
    if (!result.carts) {
      cover_us = RegisterCoverOfKey(final_reads.history, key, result.last_write_wins).back();
    }
    const uint64_t survivor_put = result.carts ? kNoOp : SurvivorOf(key, final_read);
    const uint64_t survivor = survivor_put == kNoOp ? kNoOp : final_reads.run_op[survivor_put];
    uint64_t lost = 0;
    for (const PutRecord& put : key.puts) {
      // Any add (even one that failed: some replica may have stored it) whose item an
      // acknowledged remove took out and the final read still returns came back.
      if (result.carts && put.removed() && key.Returned(final_read, put)) {
        const auto remove = acked_remove_of.find(put.item);
        if (remove != acked_remove_of.end()) {
          const Op& remove_op = result.history.at(remove->second);
          report.resurrected.push_back(ResurrectedItem{key.key, put.item, remove_op.id,
                                                       remove_op.client, remove_op.complete_us});
        }
      }
      if (result.carts && put.ok() && put.removed() && !key.Returned(final_read, put)) {
        ++report.removed_absent;  // a remove may have taken it out: not lost (lost_writes.h)
      }
      if (!put.ok() || !MissedPut(key, final_read, put, result.carts, cover_us)) continue;
      ++lost;
      const uint64_t put_op = final_reads.run_op[put.id];
      const Op& op = result.history.at(put_op);
      report.lost.push_back(LostPut{key.key, put_op, op.client, put.item, put.complete_us, survivor});
    }
    if (lost == 0) continue;
    report.lost_writes += lost;
    report.by_key.push_back(KeyLosses{key.key, lost});
  }
}

// The written keys in ascending slices of consecutive keys (history_by_key.h, KeyIntervals):
// each slice's copy of its puts (FinalReads) is analysed and dropped before the next, so the copy
// stays a bounded part of the analysis's peak memory however long the run (issue 12), and the
// keys are visited in the order one slice of every key would visit them.
std::vector<std::vector<dynamo::Key>> KeySlices(const History& history,
                                                const absl::btree_set<dynamo::Key>& written,
                                                uint64_t ops_per_interval) {
  std::vector<std::vector<dynamo::Key>> slices;
  for (const KeyInterval& interval : KeyIntervals(history, ops_per_interval)) {
    std::vector<dynamo::Key> keys(written.lower_bound(interval.first),
                                  written.upper_bound(interval.last));
    if (!keys.empty()) slices.push_back(std::move(keys));
  }
  return slices;
}

}  // namespace

LostWritesReport ComputeLostWrites(const RunResult& result, uint64_t ops_per_interval) {
  LostWritesReport report;
  TimeUs end_us = result.sim_time_us;
  absl::btree_set<dynamo::Key> written;
  // Cart removes: the first acknowledged remove of each item (lookups only, never iterated).
  absl::flat_hash_map<uint64_t, uint64_t> acked_remove_of;
  for (const Op& op : result.history.ops()) {
    report.removes = report.removes || op.remove_read || op.remove;
    if (op.type != OpType::kPut || !op.ok()) continue;
    written.insert(op.key);
    end_us = std::max(end_us, op.complete_us);
    if (op.remove) {
      ++report.acknowledged_removes;
      acked_remove_of.try_emplace(op.removed_item, op.id);
    } else {
      ++report.acknowledged_puts;
    }
  }
  for (const std::vector<dynamo::Key>& slice :
       KeySlices(result.history, written, ops_per_interval)) {
    AddLosses(result, WithFinalReads(result, slice, end_us), acked_remove_of, report);
  }

  std::sort(report.lost.begin(), report.lost.end(), [](const LostPut& a, const LostPut& b) {
    return a.key != b.key ? a.key < b.key : a.put_op < b.put_op;
  });
  SIM_CHECK(report.lost_writes == report.lost.size(), "every lost put named once");
  std::sort(report.resurrected.begin(), report.resurrected.end(),
            [](const ResurrectedItem& a, const ResurrectedItem& b) {
              return a.key != b.key ? a.key < b.key : a.item < b.item;
            });
  report.resurrected_items = report.resurrected.size();
  return report;
}

}  // namespace sim
