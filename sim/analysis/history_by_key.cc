#include "sim/analysis/history_by_key.h"

#include <algorithm>
#include <tuple>

#include "dynamo/version.h"
#include "sim/engine/check.h"

namespace sim {

ptrdiff_t KeyHistory::FindPut(uint64_t item) const {
  const auto it = std::lower_bound(items.begin(), items.end(), item,
                                   [](const std::pair<uint64_t, size_t>& entry, uint64_t wanted) {
                                     return entry.first < wanted;
                                   });
  if (it == items.end() || it->first != item) return -1;
  return static_cast<ptrdiff_t>(it->second);
}

HistoryByKey::HistoryByKey(const History& history) {
  for (const Op& op : history.ops()) {
    if (op.type == OpType::kPut) {
      puts_.push_back(PutRecord{op.key, op.invoke_us, op.complete_us, op.item, op.id, op.status});
    } else if (op.ok()) {
      GetRecord get{op.key, op.invoke_us, op.complete_us, op.id, op.read.size(), 0, 0};
      get.items_begin = returned_items_.size();
      if (op.read.size() == 1) {  // one value is already sorted and distinct (version.h)
        const dynamo::Value& value = op.read.front().value;
        returned_items_.insert(returned_items_.end(), value.begin(), value.end());
      } else if (op.read.size() > 1) {
        const dynamo::Value all = dynamo::UnionOfValues(op.read);
        returned_items_.insert(returned_items_.end(), all.begin(), all.end());
      }
      get.items_end = returned_items_.size();
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

  // items_ mirrors puts_ range by range, so a key's items are items_[puts_begin, puts_end).
  items_.resize(puts_.size());
  for (const KeyRange& range : keys_) {
    for (size_t i = range.puts_begin; i < range.puts_end; ++i) {
      items_[i] = {puts_[i].item, i - range.puts_begin};
    }
    const auto begin = items_.begin() + static_cast<ptrdiff_t>(range.puts_begin);
    const auto end = items_.begin() + static_cast<ptrdiff_t>(range.puts_end);
    std::sort(begin, end);
    const auto duplicate = std::adjacent_find(
        begin, end, [](const auto& a, const auto& b) { return a.first == b.first; });
    SIM_CHECK(duplicate == end, "two puts of a key wrote the same item");
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
  key.items =
      absl::MakeConstSpan(items_).subspan(range.puts_begin, range.puts_end - range.puts_begin);
  key.returned_items = returned_items_;
  return key;
}

}  // namespace sim
