#include "sim/history.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {
namespace {

// Appends the runs of `positions` (sorted, distinct) to `runs`.
void AppendRuns(const std::vector<uint32_t>& positions, std::vector<PositionRun>& runs) {
  for (uint32_t position : positions) {
    if (!runs.empty() && runs.back().end == position) {
      ++runs.back().end;
    } else {
      runs.push_back(PositionRun{position, position + 1});
    }
  }
}

// As AppendRuns, from a bitmap of `count` positions (cheaper than sorting a large cart's
// positions: one pass over the words).
void AppendRunsOfBits(const std::vector<uint64_t>& bits, uint32_t count,
                      std::vector<PositionRun>& runs) {
  for (uint32_t position = 0; position < count; ++position) {
    if (((bits[position / 64] >> (position % 64)) & 1) == 0) continue;
    if (!runs.empty() && runs.back().end == position) {
      ++runs.back().end;
    } else {
      runs.push_back(PositionRun{position, position + 1});
    }
  }
}

}  // namespace

void History::SetPutItem(uint64_t op_id, uint64_t item) {
  Op& op = ops_[op_id];
  SIM_CHECK(op.type == OpType::kPut, "only puts write items");
  KeyPuts& key = puts_[op.key];
  SIM_CHECK(key.items.empty() || key.last_op < op_id,
            "a key's puts get their items in invocation order");
  const auto [it, inserted] =
      places_.try_emplace(item, ItemPlace{op.key, static_cast<uint32_t>(key.items.size())});
  SIM_CHECK(inserted, "two puts wrote the same item (items are unique in a run)");
  SIM_CHECK(key.items.size() < UINT32_MAX, "more puts of one key than positions can number");
  op.item = item;
  op.position = it->second.position;
  key.items.push_back(item);
  key.last_op = op_id;
}

void History::RecordRead(uint64_t op_id, absl::Span<const dynamo::Version> versions,
                         bool keep_values) {
  Op& op = ops_[op_id];
  SIM_CHECK(op.type == OpType::kGet, "only gets return versions");
  const auto key = puts_.find(op.key);
  const uint32_t puts_of_key =
      key == puts_.end() ? 0 : static_cast<uint32_t>(key->second.items.size());
  size_t items = 0;
  for (const dynamo::Version& version : versions) items += version.value.size();

  std::vector<uint32_t> positions;
  std::vector<uint64_t> bits;
  // A bitmap when the items are many against the key's puts (a cart), sorting otherwise.
  const bool use_bits = items * 16 >= puts_of_key && puts_of_key > 0;
  if (use_bits) bits.assign((puts_of_key + 63) / 64, 0);
  op.returned.clear();
  op.foreign_items.clear();
  for (const dynamo::Version& version : versions) {
    for (uint64_t item : version.value) {
      const auto place = places_.find(item);
      if (place == places_.end() || place->second.key != op.key) {
        op.foreign_items.push_back(item);
        continue;
      }
      const uint32_t position = place->second.position;
      SIM_CHECK(position < puts_of_key, "a returned item's position is past its key's puts");
      if (use_bits) {
        bits[position / 64] |= uint64_t{1} << (position % 64);
      } else {
        positions.push_back(position);
      }
    }
  }
  if (use_bits) {
    AppendRunsOfBits(bits, puts_of_key, op.returned);
  } else {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    AppendRuns(positions, op.returned);
  }
  std::sort(op.foreign_items.begin(), op.foreign_items.end());
  op.foreign_items.erase(std::unique(op.foreign_items.begin(), op.foreign_items.end()),
                         op.foreign_items.end());
  op.returned.shrink_to_fit();
  op.foreign_items.shrink_to_fit();

  op.read.assign(versions.begin(), versions.end());
  if (!keep_values) {
    for (dynamo::Version& version : op.read) dynamo::Value().swap(version.value);
  }
}

std::vector<uint64_t> History::ReturnedItems(const Op& op) const {
  std::vector<uint64_t> items = op.foreign_items;
  if (!op.returned.empty()) {
    const KeyPuts& key = puts_.at(op.key);
    for (const PositionRun& run : op.returned) {
      for (uint32_t position = run.begin; position < run.end; ++position) {
        items.push_back(key.items[position]);
      }
    }
  }
  std::sort(items.begin(), items.end());
  return items;
}

}  // namespace sim
