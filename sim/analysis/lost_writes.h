// Lost writes (design.md, "Values and checkers"): acknowledged puts whose effect is gone from the
// key's final versions after quiesce: what a client reading the key from all N replicas of the
// final ring gets (each replica's data and write buffer; a replica that is down counts with its
// disk). Undelivered hints and copies on nodes that are not replicas do not count.
//
// Carts: an acknowledged item missing from the union of the key's final versions. Registers: an
// acknowledged value not among the final versions, unless a put that is not before it survives
// (its value is final, or with vector clocks a final version makes it obsolete), or a final
// version makes the lost one obsolete. Under last-write-wins clock dominance is off, so a put
// overwritten by an earlier put with a larger (skewed) timestamp is lost. This is exactly the
// stale-read rule (staleness.h) applied to one more read per key, at the end of the run, that
// returns the final versions and must reflect every acknowledged put; the checker reuses it so
// the two can never disagree.
//
// Cart removes (workload.mix.remove): an acknowledged item that a remove named is never counted
// lost when absent, whatever the remove's outcome (an acknowledged remove took it out; a failed
// or timed-out one may have: some replica may have stored its put). Such items are counted in
// `removed_absent` instead. An absent item no remove named is lost exactly as without removes:
// a remove's put carries the read's context and the read's items but one, so it can legitimately
// take out only its own item.
//
// Resurrected items (paper section 4.4, "deleted items can resurface"): items an acknowledged
// remove took out that the same final read still returns, e.g. because a concurrent branch that
// still held the item merged back by union after a partition healed. A figure, not a failure:
// Dynamo documents it. Counted over the final read only (what a client reads after quiesce); an
// item that came back and was removed again by a later acknowledged remove is not counted if it
// stays gone.
//
// Besides the counts, every lost put is named (key, op id, client, item, acknowledgement time)
// with the put that wrote the key's surviving value, so a check failure can say what to look at.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/analysis/history_by_key.h"
#include "sim/history.h"
#include "sim/run_result.h"

namespace sim {

struct KeyLosses {
  dynamo::Key key = 0;
  uint64_t lost = 0;  // acknowledged puts of the key whose effect is gone
};

struct LostPut {
  dynamo::Key key = 0;
  uint64_t put_op = 0;  // op id of the lost put
  uint32_t client = 0;  // its client index (c1 is 0)
  uint64_t item = 0;    // the item (carts) or value (registers) it wrote
  TimeUs acked_us = 0;  // when the client got the acknowledgement
  // Registers: the latest-completing put whose value is final (what won); kNoOp if none or carts.
  uint64_t survivor_op = kNoOp;
};

// An item an acknowledged remove took out that the final read returns.
struct ResurrectedItem {
  dynamo::Key key = 0;
  uint64_t item = 0;
  uint64_t remove_op = 0;  // op id of the first acknowledged remove's put of the item
  uint32_t client = 0;     // that remove's client index (c1 is 0)
  TimeUs acked_us = 0;     // when that remove was acknowledged
};

struct LostWritesReport {
  uint64_t acknowledged_puts = 0;  // acknowledged puts that wrote an item (cart removes apart)
  uint64_t lost_writes = 0;
  bool removes = false;  // a cart remove was invoked in the run: the figures below are reported
  uint64_t acknowledged_removes = 0;  // acknowledged puts of cart removes
  uint64_t removed_absent = 0;        // acknowledged items absent at the end, a remove named them
  uint64_t resurrected_items = 0;     // == resurrected.size()
  std::vector<ResurrectedItem> resurrected;  // (key, item) ascending
  std::vector<KeyLosses> by_key;  // keys with losses, ascending
  std::vector<LostPut> lost;      // every lost put, (key, op id) ascending
};

// REQUIRES: result.final_versions holds what a read of each written key from its final replicas
// returns (Cluster::FinalReplicaVersions); a key absent from it reads as empty.
// `ops_per_interval`: how many ops' records are built at once (history_by_key.h, KeyIntervals);
// any value gives the same result (tests use small ones).
LostWritesReport ComputeLostWrites(const RunResult& result,
                                   uint64_t ops_per_interval = kOpsPerKeyInterval);

}  // namespace sim
