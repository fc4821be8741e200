#include "sim/analysis/history_by_key.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "dynamo/version.h"
#include "sim/engine/check.h"

namespace sim {

bool KeyHistory::Returned(const GetRecord& get, const PutRecord& put) const {
  SIM_CHECK(&put >= puts.data() && &put < puts.data() + puts.size(), "a put of another key");
  const auto position = static_cast<uint32_t>(&put - puts.data());
  const absl::Span<const PositionRun> runs = ReturnedRuns(get);
  const auto it = std::upper_bound(
      runs.begin(), runs.end(), position,
      [](uint32_t wanted, const PositionRun& run) { return wanted < run.begin; });
  return it != runs.begin() && position < (it - 1)->end;
}

namespace {

// Op i's invocation and completion as RecordTimes asks (history_by_key.h).
class Stamps {
 public:
  Stamps(const History& history, RecordTimes times) : ops_(history.ops()), times_(times) {}

  TimeUs Invoke(const Op& op) const {
    return times_ == RecordTimes::kMicroseconds ? op.invoke_us : 2 * static_cast<TimeUs>(op.id) + 1;
  }
  TimeUs Complete(const Op& op) const {
    if (times_ == RecordTimes::kMicroseconds) return op.complete_us;
    if (op.status == OpStatus::kPending) return std::numeric_limits<TimeUs>::max();
    uint64_t invoked = op.invoked_before_completion;
    if (invoked == kNoOp) {  // not recorded: it completed before the ops invoked at complete_us
      invoked = std::max<uint64_t>(
          op.id + 1, static_cast<uint64_t>(
                         std::lower_bound(ops_.begin(), ops_.end(), op.complete_us,
                                          [](const Op& other, TimeUs t) { return other.invoke_us < t; }) -
                         ops_.begin()));
    }
    SIM_CHECK(invoked > op.id, "an op completed before it was invoked");
    return 2 * static_cast<TimeUs>(invoked);
  }

 private:
  const History::Ops& ops_;
  RecordTimes times_;
};

}  // namespace

std::vector<KeyInterval> KeyIntervals(const History& history, uint64_t max_ops) {
  absl::btree_map<dynamo::Key, uint64_t> ops_of;
  for (const Op& op : history.ops()) ++ops_of[op.key];
  std::vector<KeyInterval> intervals;
  uint64_t in_interval = 0;
  for (const auto& [key, ops] : ops_of) {
    if (intervals.empty() || (in_interval > 0 && in_interval + ops > max_ops)) {
      if (!intervals.empty()) intervals.back().last = key - 1;
      intervals.push_back(KeyInterval{key, std::numeric_limits<dynamo::Key>::max()});
      in_interval = 0;
    }
    in_interval += ops;
  }
  return intervals;
}

HistoryByKey::HistoryByKey(const History& history, RecordTimes times, KeyInterval keys) {
  const Stamps stamps(history, times);
  // Cart removes: the earliest remove put of each item (lookups only, never iterated). The
  // records are counted first so that each vector is allocated once at its size.
  absl::flat_hash_map<uint64_t, TimeUs> removed_from;
  size_t puts = 0;
  size_t gets = 0;
  size_t runs = 0;
  for (const Op& op : history.ops()) {
    if (!keys.Contains(op.key)) continue;
    if (op.type == OpType::kPut && !op.remove) ++puts;
    if (op.type == OpType::kGet && op.ok()) {
      ++gets;
      runs += op.returned.size();
    }
    if (op.type != OpType::kPut || !op.remove) continue;
    const auto [it, inserted] = removed_from.try_emplace(op.removed_item, stamps.Invoke(op));
    if (!inserted) it->second = std::min(it->second, stamps.Invoke(op));
  }
  puts_.reserve(puts);
  gets_.reserve(gets);
  returned_runs_.reserve(runs);
  for (const Op& op : history.ops()) {
    if (!keys.Contains(op.key)) continue;
    if (op.type == OpType::kPut && op.remove) continue;  // no item of its own, no position
    if (op.type == OpType::kPut) {
      puts_.push_back(PutRecord{op.key, stamps.Invoke(op), stamps.Complete(op), op.item, op.id,
                                op.status});
      if (!removed_from.empty()) {
        const auto it = removed_from.find(op.item);
        if (it != removed_from.end()) puts_.back().removed_from = it->second;
      }
    } else if (op.ok()) {
      GetRecord get{op.key, stamps.Invoke(op), stamps.Complete(op), op.id, op.read.size(), 0, 0};
      get.runs_begin = returned_runs_.size();
      returned_runs_.insert(returned_runs_.end(), op.returned.begin(), op.returned.end());
      get.runs_end = returned_runs_.size();
      gets_.push_back(get);
    }
  }
  std::sort(puts_.begin(), puts_.end(), [](const PutRecord& a, const PutRecord& b) {
    return std::tie(a.key, a.invoke_us, a.id) < std::tie(b.key, b.invoke_us, b.id);
  });
  std::sort(gets_.begin(), gets_.end(), [](const GetRecord& a, const GetRecord& b) {
    return std::tie(a.key, a.invoke_us, a.id) < std::tie(b.key, b.invoke_us, b.id);
  });

  // One range per key with a successful get; its puts are found by walking puts_ alongside.
  size_t put = 0;
  for (size_t get = 0; get < gets_.size();) {
    KeyRange range;
    range.key = gets_[get].key;
    range.gets_begin = get;
    while (get < gets_.size() && gets_[get].key == range.key) ++get;
    range.gets_end = get;
    while (put < puts_.size() && puts_[put].key < range.key) ++put;
    range.puts_begin = put;
    while (put < puts_.size() && puts_[put].key == range.key) ++put;
    range.puts_end = put;
    keys_.push_back(range);
  }

  // The runs name puts by their History positions: the key's puts in (invoke_us, id) order are
  // positions 0, 1, 2... exactly when each got its item through History::SetPutItem.
  for (const KeyRange& range : keys_) {
    for (size_t i = range.puts_begin; i < range.puts_end; ++i) {
      SIM_CHECK(history.at(puts_[i].id).position == i - range.puts_begin,
                "a put's position is not its place among its key's puts (History::SetPutItem)");
    }
    const size_t puts_of_key = range.puts_end - range.puts_begin;
    for (size_t g = range.gets_begin; g < range.gets_end; ++g) {
      for (size_t r = gets_[g].runs_begin; r < gets_[g].runs_end; ++r) {
        SIM_CHECK(returned_runs_[r].begin < returned_runs_[r].end &&
                      returned_runs_[r].end <= puts_of_key &&
                      (r == gets_[g].runs_begin || returned_runs_[r - 1].end < returned_runs_[r].begin),
                  "a get's returned runs are not ascending, disjoint runs of its key's puts");
      }
    }
  }
}

KeyHistory HistoryByKey::key(size_t index) const {
  SIM_CHECK(index < keys_.size(), "key index out of range");
  const KeyRange& range = keys_[index];
  KeyHistory key;
  key.key = range.key;
  key.puts =
      absl::MakeConstSpan(puts_).subspan(range.puts_begin, range.puts_end - range.puts_begin);
  key.gets =
      absl::MakeConstSpan(gets_).subspan(range.gets_begin, range.gets_end - range.gets_begin);
  key.returned_runs = returned_runs_;
  return key;
}

}  // namespace sim
