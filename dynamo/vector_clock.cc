#include "dynamo/vector_clock.h"

#include <algorithm>

#include "dynamo/check.h"

namespace dynamo {
namespace {

bool EntryNodeLess(const ClockEntry& entry, NodeId node) { return entry.node < node; }

// The entry that survives a merge of two entries for the same node.
ClockEntry MergeEntry(const ClockEntry& a, const ClockEntry& b) {
  if (a.counter != b.counter) return a.counter > b.counter ? a : b;
  return a.timestamp_us >= b.timestamp_us ? a : b;
}

}  // namespace

VectorClock::VectorClock(absl::Span<const ClockEntry> entries)
    : entries_(entries.begin(), entries.end()) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    DYNAMO_CHECK(entries_[i].counter >= 1, "clock counters start at 1");
    DYNAMO_CHECK(i == 0 || entries_[i - 1].node < entries_[i].node,
                 "clock entries must be sorted by distinct node");
  }
}

uint64_t VectorClock::CounterOf(NodeId node) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), node, EntryNodeLess);
  return it != entries_.end() && it->node == node ? it->counter : 0;
}

void VectorClock::Increment(NodeId node, TimeUs now_us) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), node, EntryNodeLess);
  if (it == entries_.end() || it->node != node) {
    entries_.insert(it, ClockEntry{node, 1, now_us});
    return;
  }
  DYNAMO_CHECK(it->counter < UINT64_MAX, "clock counter overflow");
  ++it->counter;
  it->timestamp_us = now_us;
}

void VectorClock::Merge(const VectorClock& other) {
  Entries merged;
  auto a = entries_.begin();
  auto b = other.entries_.begin();
  while (a != entries_.end() || b != other.entries_.end()) {
    if (b == other.entries_.end() || (a != entries_.end() && a->node < b->node)) {
      merged.push_back(*a++);
    } else if (a == entries_.end() || b->node < a->node) {
      merged.push_back(*b++);
    } else {
      merged.push_back(MergeEntry(*a++, *b++));
    }
  }
  entries_ = std::move(merged);
}

size_t VectorClock::Truncate(size_t max_entries) {
  DYNAMO_CHECK(max_entries >= 1, "a clock keeps at least one entry");
  size_t dropped = 0;
  while (entries_.size() > max_entries) {
    auto oldest = std::min_element(
        entries_.begin(), entries_.end(), [](const ClockEntry& x, const ClockEntry& y) {
          return x.timestamp_us != y.timestamp_us ? x.timestamp_us < y.timestamp_us
                                                  : x.node < y.node;
        });
    entries_.erase(oldest);
    ++dropped;
  }
  return dropped;
}

ClockOrder Compare(const VectorClock& a, const VectorClock& b) {
  bool a_ahead = false;  // some counter of a exceeds b's
  bool b_ahead = false;
  auto x = a.entries().begin();
  auto y = b.entries().begin();
  while (x != a.entries().end() && y != b.entries().end()) {
    if (x->node < y->node) {
      a_ahead = true;
      ++x;
    } else if (y->node < x->node) {
      b_ahead = true;
      ++y;
    } else {
      a_ahead |= x->counter > y->counter;
      b_ahead |= y->counter > x->counter;
      ++x;
      ++y;
    }
  }
  a_ahead |= x != a.entries().end();
  b_ahead |= y != b.entries().end();
  if (a_ahead && b_ahead) return ClockOrder::kConcurrent;
  if (a_ahead) return ClockOrder::kAfter;
  if (b_ahead) return ClockOrder::kBefore;
  return ClockOrder::kEqual;
}

bool Descends(const VectorClock& a, const VectorClock& b) {
  const ClockOrder order = Compare(a, b);
  return order == ClockOrder::kEqual || order == ClockOrder::kAfter;
}

}  // namespace dynamo
