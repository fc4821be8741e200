// Vector clocks (paper section 4.4): a list of (node, counter) pairs, each with the timestamp of
// that node's last update, kept sorted by node id. A clock with every counter <= another's is its
// ancestor; otherwise the two are concurrent and their versions conflict.
//
// Truncation: when a clock has more than max_entries pairs, the pairs with the oldest timestamps
// are dropped. Known consequence (the paper notes it too): a dropped pair reads as counter 0, so
// a descendant whose clock was truncated may no longer dominate its ancestor; the two then look
// concurrent and reach the client as siblings, which is safe (nothing is lost) but noisier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "dynamo/types.h"

namespace dynamo {

struct ClockEntry {
  NodeId node = 0;
  uint64_t counter = 0;     // >= 1 in a clock; absent pairs mean 0
  TimeUs timestamp_us = 0;  // wall-clock time of `node`'s last increment (truncation order)
  friend bool operator==(const ClockEntry&, const ClockEntry&) = default;
};

enum class ClockOrder : uint8_t {
  kEqual,       // same counters
  kBefore,      // a is an ancestor of b
  kAfter,       // a descends from b
  kConcurrent,  // neither
};

class VectorClock {
 public:
  // Two pairs inline: almost every key is written by one or two coordinators (97% of the
  // 64-node benchmark's keys end with one entry, 99.97% with at most two); a longer clock moves
  // to the heap. Inline pairs are paid by every stored and sent version (version.h).
  using Entries = absl::InlinedVector<ClockEntry, 2>;

  VectorClock() = default;
  // REQUIRES: entries sorted by strictly increasing node, every counter >= 1.
  VectorClock(std::initializer_list<ClockEntry> entries)
      : VectorClock(absl::Span<const ClockEntry>(entries.begin(), entries.size())) {}
  // The same from stored entries (a decoded clock). REQUIRES (checked): as above.
  explicit VectorClock(absl::Span<const ClockEntry> entries);

  // The counter of `node`, 0 if absent.
  uint64_t CounterOf(NodeId node) const;

  // The coordinator `node` records a new version: its counter + 1, its timestamp = now_us (the
  // node's own wall clock, which may run behind an older timestamp under skew).
  void Increment(NodeId node, TimeUs now_us);

  // Entrywise max. Each entry keeps the timestamp of the side with the larger counter; on equal
  // counters, the larger timestamp.
  void Merge(const VectorClock& other);

  // While more than max_entries pairs remain, drops the pair with the smallest
  // (timestamp_us, node). Returns the number dropped. REQUIRES: max_entries >= 1.
  size_t Truncate(size_t max_entries);

  absl::Span<const ClockEntry> entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // Structural equality (counters and timestamps). For causality use Compare.
  friend bool operator==(const VectorClock&, const VectorClock&) = default;

 private:
  Entries entries_;  // sorted by node, counters >= 1
};

// Causal order of a relative to b, by counters only (timestamps never matter).
ClockOrder Compare(const VectorClock& a, const VectorClock& b);

// a >= b: a equals or descends from b.
bool Descends(const VectorClock& a, const VectorClock& b);

}  // namespace dynamo
