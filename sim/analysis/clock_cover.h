// Clock dominance for the register staleness checker (staleness.h, clauses (b) and (c)): for a
// get, the latest completion of a kOk put of its key, invoked before the get completed, whose
// written version some version the get returned makes obsolete (dynamo::Obsoletes: for dotted
// versions, the put's dot lies in the returned version's causal past; for undotted ones,
// Descends on the clocks).
//
// Offline, in O((puts + queries * clock entries) log puts) per key: the gets are answered in
// completion order while the puts are added in invocation order, so "invoked before the get
// completed" is a sweep. A put whose written clock has one entry {node: c} is dominated by C
// exactly when C[node] >= c, a prefix query on a per-node tree keyed by counter; a dotted put
// (node, c) likewise, with the returned version's dot_past standing for its own node. Every put
// of a run is dotted (dynamo/coordinator.cc, NewVersion). Undotted puts with longer clocks are
// compared one by one with Descends (linear per query); puts with an empty clock are never trusted
// (staleness.h). Neither are puts whose dot another acknowledged put of the key also carries: a
// dot names one write, so a reissued dot (a node that reused its clock identity after losing its
// disk) proves nothing about either put, and they can be covered by value only.
#pragma once

#include <cstddef>
#include <vector>

#include "absl/types/span.h"
#include "sim/analysis/history_by_key.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

// For each i in `queries` (positions in `gets`), raises covered_us[i] to the latest completion of
// a put in `acked` (the key's kOk puts, (invoke_us, id) ascending) that was invoked before
// gets[i] completed and whose written clock a clock returned by gets[i] dominates.
// REQUIRES: covered_us.size() == gets.size(); `history` holds every op named.
void RaiseCoverByClocks(const History& history, absl::Span<const PutRecord* const> acked,
                        absl::Span<const GetRecord> gets, std::vector<size_t> queries,
                        std::vector<TimeUs>& covered_us);

}  // namespace sim
