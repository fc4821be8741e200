// HistoryEdn: a run's history as Jepsen reads it, one EDN map per line, ordered by time:
//   {:index 0, :type :invoke, :process 0, :f :write, :value [12 4294967296], :time 1500000}
//   {:index 1, :type :ok, :process 0, :f :write, :value [12 4294967296], :time 2730000}
// Values are jepsen.independent tuples [key value], the shape Jepsen's per-key checkers take
// (jepsen.independent/checker splits the history by key and checks each key on its own):
//   registers: :f :write of the put's value; :f :read of what the get returned: nil (nothing),
//              the value (one version), or #{v1 v2} (siblings: not a register read, and a
//              linearizability checker rightly rejects it);
//   carts:     :f :add of the put's new item; :f :read of the union of the siblings' items,
//              as a set #{...} (Jepsen's set checkers); a cart remove's put is :f :remove of
//              the item it took out (its get is a :read), :info when it failed or timed out
//              (it may have been applied), as for any put.
// Completions: :ok when the coordinator answered success. A put that failed (quorum missed: some
// replicas may still hold it) or timed out is indeterminate, :info. A get that failed or timed
// out changed nothing, so it is :fail (what Jepsen's own clients do for reads). :error names
// why (:unavailable, :timeout). Processes: every Jepsen process runs one op at a time. A client's
// op takes the lowest of its idle processes, or a new one (client + k x clients, k = 0, 1, ...)
// when none is idle: when its earlier ops are still outstanding (open loop) or their processes
// are retired. After an :info the process is retired, as Jepsen requires of a process whose op
// may still be in flight; closed loop this is process, process + clients, ...
// :time is nanoseconds of virtual time since the run began (Jepsen's relative time). An op still
// pending at the end has its invocation only.
// Fault windows are the nemesis's ops, as Jepsen writes them: :process :nemesis, :type :info for
// the invocation and for the completion that follows it at once, :f :start-partition at the
// window's start and :f :stop-partition at its end (an instantaneous fault once, :f :heal), and
// :value {:id 3, :source "nemesis", :groups [["n1" "n2"] ["n3" "n4" "n5"]]} (the window's
// parameters, fault_json.h; a stop also says :ended-by). Both kinds of fault, scheduled and
// drawn, are nemesis ops: in Jepsen anything that injects faults is the nemesis.
// At equal times: completions, then nemesis stops, then nemesis starts, then invocations.
// docs/trace-export.md says how to feed this to Knossos and Elle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/history.h"
#include "sim/run_result.h"

namespace sim {

// REQUIRES: every op's client < clients.
std::string HistoryEdn(const History& history, bool carts, uint32_t clients,
                       const std::vector<FaultWindow>& faults = {});

}  // namespace sim
