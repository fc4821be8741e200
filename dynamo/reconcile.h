// Syntactic reconciliation of versions (paper sections 4.4, 5) and last-write-wins (section 6).
// Pure functions over Siblings; the store and the coordinator both use them.
//
// Vector-clock mode: an incoming version whose clock is dominated by or equal to a kept version's
// is ignored (equal clocks mean the same write; see the note below); otherwise it replaces every
// kept version it dominates and is kept beside the ones it is concurrent with. The result is
// always an antichain: pairwise concurrent clocks, in canonical order (VersionLess).
//
// Note on equal clocks with different values: that only happens when a node reuses a counter
// (e.g. it lost its storage); the earlier arrival wins, as in the paper's rule that a version
// whose clock is <= another's is dropped.
//
// Last-write-wins mode: exactly one version is kept, the one with the larger
// (lww_timestamp_us, writer). Clocks are carried but never consulted, which is why skewed wall
// clocks lose acknowledged writes in this mode.
#pragma once

#include <cstdint>

#include "absl/types/span.h"
#include "dynamo/vector_clock.h"
#include "dynamo/version.h"

namespace dynamo {

enum class ResolutionMode : uint8_t { kVectorClock, kLastWriteWins };

enum class PutOutcome : uint8_t {
  kIgnored,       // dominated by or equal to a kept version (LWW: not newer); nothing changed
  kStored,        // the key had no version; incoming is now its only version
  kAddedSibling,  // concurrent with every kept version; kept beside them
  kReplaced,      // dominated (LWW: older than) one or more kept versions, which it replaced
};

// True if `later` makes `earlier` obsolete: it is the same write or causally descends from it.
// With dots on both (version.h): the same dot, or `earlier`'s dot lies in `later`'s causal past
// (`later`'s clock with dot_past standing for its own node, or its extra_dots). Otherwise:
// Compare(later.clock, earlier.clock) is kAfter or kEqual (the paper's rule).
bool Obsoletes(const Version& later, const Version& earlier);

// Vector-clock reconciliation of `incoming` into `current`.
// REQUIRES: current is an antichain in canonical order (as this function leaves it).
PutOutcome ReconcileInto(Siblings& current, const Version& incoming);

// Last-write-wins: keeps whichever of the current and incoming version has the larger
// (lww_timestamp_us, writer); a tie keeps the current one. REQUIRES: current.size() <= 1.
PutOutcome ReconcileLastWriteWins(Siblings& current, const Version& incoming);

// Dispatches on mode.
PutOutcome Reconcile(Siblings& current, const Version& incoming, ResolutionMode mode);

// The causally maximal distinct versions among `versions` (e.g. the replies of several
// replicas to a get), in canonical order; under LWW the single newest. The result does not
// depend on the order of `versions`, except among versions that tie (equal clocks, or under LWW
// equal (lww_timestamp_us, writer)): then the earliest in `versions` is kept.
Siblings SyntacticReconcile(absl::Span<const Version> versions, ResolutionMode mode);

// The context clock of a set of siblings: the merge of all their clocks, which dominates each.
// Exact for versions without dots; for dotted versions use MergedContext.
VectorClock MergedClock(absl::Span<const Version> versions);

// What a reader of `versions` has seen, exactly: every counter up to each entry of `clock`, plus
// `dots`. Counter ranges alone would over-claim: a reader of write 7 of node X that never saw
// write 6 (a sibling still on its way) must not be credited with 6. A put written from this
// context makes every one of `versions` obsolete, and nothing the reader did not see.
struct Context {
  VectorClock clock;
  std::vector<Dot> dots;  // sorted; none within `clock`'s ranges
};
Context MergedContext(absl::Span<const Version> versions);

// True if write `dot` is in `context`.
bool ContextHas(const Context& context, const Dot& dot);

}  // namespace dynamo
