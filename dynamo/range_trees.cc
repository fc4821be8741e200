#include "dynamo/range_trees.h"

#include <algorithm>
#include <utility>

#include "dynamo/check.h"

namespace dynamo {

// A shared stretch of two clockwise intervals ends where one of them ends, so they overlap
// exactly when one holds the other's end.
bool Overlaps(const KeyRange& a, const KeyRange& b) {
  return a.Contains(b.end) || b.Contains(a.end);
}

const MerkleTree* RangeTrees::Find(const KeyRange& range, int depth) const {
  const auto it = by_end_.find(range.end);
  if (it == by_end_.end() || it->second.range() != range || it->second.depth() != depth) {
    return nullptr;
  }
  return &it->second;
}

const RangeTrees::Indexed* RangeTrees::IndexedHolding(RingPosition position) const {
  if (ends_.empty()) return nullptr;
  // Disjoint ranges: only the first range ending at or after the position can hold it, or, past
  // the last end, the range that wraps past the top of the ring (the one with the lowest end).
  auto it = std::lower_bound(ends_.begin(), ends_.end(), position,
                             [](const Indexed& entry, RingPosition p) { return entry.end < p; });
  if (it == ends_.end()) it = ends_.begin();
  return it->range.Contains(position) ? &*it : nullptr;
}

MerkleTree* RangeTrees::Holding(RingPosition position) {
  const Indexed* indexed = IndexedHolding(position);
  return indexed == nullptr ? nullptr : indexed->tree;
}

const KeyRange* RangeTrees::RangeHolding(RingPosition position) const {
  const Indexed* indexed = IndexedHolding(position);
  return indexed == nullptr ? nullptr : &indexed->range;
}

const MerkleTree& RangeTrees::Add(MerkleTree tree) {
  const KeyRange range = tree.range();
  for (auto it = by_end_.begin(); it != by_end_.end();) {
    it = Overlaps(it->second.range(), range) ? by_end_.erase(it) : std::next(it);
  }
  const auto [it, inserted] = by_end_.emplace(range.end, std::move(tree));
  DYNAMO_CHECK(inserted, "disjoint ranges have distinct ends");
  IndexEnds();
  return it->second;
}

void RangeTrees::Retain(absl::Span<const KeyRange> ranges) {
  for (auto it = by_end_.begin(); it != by_end_.end();) {
    const bool listed = std::find(ranges.begin(), ranges.end(), it->second.range()) != ranges.end();
    it = listed ? std::next(it) : by_end_.erase(it);
  }
  IndexEnds();
}

void RangeTrees::IndexEnds() {
  ends_.clear();
  for (auto& [end, tree] : by_end_) ends_.push_back(Indexed{end, tree.range(), &tree});
}

}  // namespace dynamo
