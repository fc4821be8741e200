// Stale reads and k-staleness (design.md, "Values and checkers").
//
// Only successful gets are judged. For a successful get G of key k, the puts it must not miss are
// the puts P of k acknowledged before G was invoked: P.status == kOk and P's completion precedes
// G's invocation. "Precedes" is the run's exact event order, not a comparison of microseconds
// (history_by_key.h, RecordTimes::kEventOrder): a put acknowledged in the very microsecond its
// client then invokes a get is before that get, and the get that misses it is stale. Below,
// "X.complete < Y.invoke" means X's completion precedes Y's invocation in that order. A get that
// misses at least one is stale; its k-staleness is how many it misses.
//
// Carts: P is missed when P.item is absent from the union of the values G returned, unless a
// cart remove may have taken it out first (below).
//
// Registers: P is missed unless one of these holds:
//  (a) P's value is returned: some returned version's value contains P.item;
//  (b) vector clocks only (not last-write-wins): some returned version makes P's written version
//      obsolete (dynamo::Obsoletes: P's dot lies in its causal past; for undotted versions, its
//      clock Descends P.written.clock). A sibling whose clock merely has a higher counter does
//      not excuse P: with dots, two writes by one coordinator can be concurrent;
//  (c) P was overwritten by a put Q of k that is not before P (Q != P and NOT Q.complete <
//      P.invoke) and that G returned: Q.item is in a returned value (Q kOk, or Q invoked before
//      G completed), or, with vector clocks, a returned version makes Q.written obsolete.
//
// Cart removes (workload.mix.remove): an absent P.item is not missed when a remove's put of that
// item was invoked no later than G completed, whatever that put's outcome: the remove may have
// been applied before G read (a failed or timed-out put may still be stored by some replica),
// and a client cannot tell. This errs toward calling a get fresh: a remove invoked while G was in
// flight excuses P even if G read before the remove reached any replica. A remove invoked after G
// completed cannot have affected G, so P's absence there is still a miss. Runs without removes
// are judged exactly as before. A remove's own put writes no item, so it is never a put P that a
// get must reflect (its removal is what the rule above accounts for).
//
// t-visibility (t_visibility.h) leaves out a cart get whose latest acknowledged item is absent
// when a remove may have taken it out: such a get says nothing about how soon writes are seen.
//
// Decisions where the definition leaves room (each changes a result only in odd histories):
//  - A put still kPending has not completed, so it is before no op: its completion counts as
//    +infinity in (c).
//  - Clock dominance in (b) and (c) is only trusted for kOk puts invoked before G completed, with
//    a non-empty written clock. A put invoked after G completed cannot be an ancestor of anything
//    G returned unless a counter was reused, and an empty clock (nothing recorded) is dominated by
//    every clock; letting either excuse a miss would hide exactly the bugs this checker exists for.
//
// Cost: O(n log n) for n ops, whatever the history (tests/sim cross-checks it against a literal
// quadratic reading of the definitions): one pass over the history in op order copies the facts
// into compact per-key arrays (history_by_key.h); carts then look up each returned item; registers
// count with a Fenwick tree and, only for gets that values alone leave stale under vector clocks,
// sweep the clocks (clock_cover.h). Deterministic: keys ascending, ops by id, no hashing.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/btree_map.h"
#include "sim/analysis/history_by_key.h"
#include "sim/history.h"
#include "sim/run_result.h"

namespace sim {

// How values were shaped and resolved in the run (RunResult.carts, RunResult.last_write_wins).
struct ValueModel {
  bool carts = true;
  bool last_write_wins = false;
};

struct StaleRead {
  uint64_t get_op = 0;       // op id of the stale get
  uint64_t missed_puts = 0;  // its k-staleness, >= 1
};

struct StalenessReport {
  uint64_t gets_checked = 0;  // successful gets
  uint64_t stale_reads = 0;
  double stale_read_fraction = 0;  // stale_reads / gets_checked; 0 when none was checked
  // k -> successful gets that missed exactly k puts, over every successful get (k = 0: fresh).
  absl::btree_map<int, uint64_t> k_histogram;
  std::vector<StaleRead> stale;  // every stale get, op id ascending
};

// `ops_per_interval`: how many ops' records are built at once (history_by_key.h, KeyIntervals);
// any value gives the same result (tests use small ones).
StalenessReport ComputeStaleness(const History& history, ValueModel model,
                                 uint64_t ops_per_interval = kOpsPerKeyInterval);

// The run's history under the run's value model.
StalenessReport ComputeStaleness(const RunResult& result);

}  // namespace sim
