// What a replica stores for a key: one or more versions, each a value with its vector clock.
//
// A Value (value.h) is a set of item ids, sorted ascending without duplicates: a shopping cart is
// a set of items, a register a single item; it is immutable and shared, so copying a Version
// copies its clock but not its items. Siblings are the causally concurrent versions of one key; the
// store keeps them in canonical order (VersionLess), so two replicas holding the same set hold
// identical Siblings.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "dynamo/types.h"
#include "dynamo/value.h"
#include "dynamo/vector_clock.h"

namespace dynamo {

// One write: the counter `counter` that node `node` issued for it.
struct Dot {
  NodeId node = 0;
  uint64_t counter = 0;
  friend bool operator==(const Dot&, const Dot&) = default;
  friend auto operator<=>(const Dot&, const Dot&) = default;
};

// 128 bytes, two cache lines (checked below): a replica's store, every reply and every message
// carries versions, and a store lookup is a cache miss per line it touches.
struct Version {
  Value value;
  VectorClock clock;
  // Last-write-wins mode: the writer's wall-clock time of the put, and the writer as tiebreak.
  TimeUs lww_timestamp_us = 0;
  NodeId writer = 0;
  // The write that created this version, as in dotted version vectors: `dot_node` coordinated
  // it and issued counter `dot_counter` (which `clock` also holds); `dot_past` is dot_node's
  // counter in the context the write was made from. The write's causal past is `clock` with
  // dot_node's entry read as dot_past (every counter up to an entry is in the past), plus
  // `extra_dots`: writes its context had seen that a counter range cannot express (it saw a
  // node's write 7 but not 6). With a dot, a version is obsolete only when another's causal past
  // includes its dot, so two writes coordinated by the same node from the same context stay
  // siblings instead of the later one silently replacing the earlier (reconcile.h, Obsoletes).
  // dot_counter == 0: no dot; versions then compare by clock alone.
  // (dot_node sits beside `writer`, where it packs into what would be padding.)
  NodeId dot_node = 0;
  uint64_t dot_counter = 0;
  uint64_t dot_past = 0;
  std::vector<Dot> extra_dots = {};  // sorted, none covered by the counter ranges
  friend bool operator==(const Version&, const Version&) = default;
};
static_assert(sizeof(Version) <= 128, "a Version grew past two cache lines");

// One version inline: almost every key has exactly one (paper section 6.3).
using Siblings = absl::InlinedVector<Version, 1>;

// True if `value` is sorted strictly ascending (cached in the value: O(1)).
bool IsValidValue(const Value& value);

// A total order over versions: clock entries lexicographically (node, counter, timestamp), then
// value, then lww_timestamp_us, then writer. Defines the canonical order of siblings.
bool VersionLess(const Version& a, const Version& b);

// A fixed 64-bit hash of every field of a version (hash.h, never a library hash functor).
uint64_t VersionDigest(const Version& version);

// A fixed 64-bit digest of a set of versions, independent of their order: the per-version
// digests are sorted, then folded. Used for Merkle leaves and convergence checks. The empty set
// has a digest too (distinct from any non-empty set in practice).
uint64_t SiblingsDigest(absl::Span<const Version> versions);

// The union of the versions' item sets, sorted (the shopping cart's semantic merge). One version,
// or versions that share one value: that value itself, not a copy.
Value UnionOfValues(absl::Span<const Version> versions);

// `value` with `item` added in order (a cart add). REQUIRES (checked): IsValidValue(value).
Value WithItem(const Value& value, uint64_t item);

}  // namespace dynamo
