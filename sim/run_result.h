// RunResult: everything one run produced, handed to the analysis, the summary and the reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/version.h"
#include "sim/engine/time.h"
#include "sim/history.h"
#include "sim/scenario/scenario.h"

namespace sim {

struct MessageTraffic {
  std::string kind;  // message kind name ("get_reply")
  uint64_t count = 0;
  uint64_t bytes = 0;
};

// Repair work over the whole run, summed over nodes and their incarnations.
struct RepairCounts {
  uint64_t hints_stored = 0;     // puts a stand-in kept as hints
  uint64_t hints_delivered = 0;  // hinted keys an owner acknowledged
  uint64_t read_repairs = 0;     // read_repair messages coordinators sent
  uint64_t unflushed_lost = 0;   // buffered writes lost with a crashing node's memory
  uint64_t merkle_exchanges = 0;       // Merkle trees compared (a root reached its peer)
  uint64_t merkle_nodes_exchanged = 0; // tree-node hashes compared while descending
  uint64_t keys_repaired = 0;          // keys anti-entropy changed
};

// When a fault was in force (scheduled or drawn by the nemesis); start == end if instantaneous.
// Every window is what really happened: it ends when the fault stopped acting (its `until`, a
// heal, a restart, the nemesis's next draw or quiesce), not when it was planned to.
struct FaultWindow {
  std::string type;  // "partition", "crash", ...
  TimeUs start_us = 0;
  TimeUs end_us = 0;
  uint32_t id = 0;         // 1, 2, ... in order of start (ties: scheduled in file order first)
  std::string source;      // "scheduled" (the scenario's faults) or "nemesis"
  std::string ended_by;    // "until", "heal", "restart", "nemesis", "quiesce"; "" if instantaneous
  // The parameters (the members its type uses; times are start/end above). A partition's groups
  // include the group of the nodes no group lists, so they say who could talk to whom.
  scenario::Fault fault;
};

// Per-node work over the whole run, summed over the node's incarnations (a crashed incarnation's
// counters are banked at its crash, as RepairCounts are). hints_held and keys_stored are what
// the node's disk holds at the end.
struct NodeLoad {
  std::string node;              // scenario name ("n1")
  uint64_t client_requests = 0;  // client gets and puts this node received as entry node
  uint64_t forwarded = 0;        // of those, forwarded to a top-N coordinator
  uint64_t gets_coordinated = 0;
  uint64_t puts_coordinated = 0;
  // Get and put legs served as a replica (from any coordinator, this node included; hinted puts
  // included). Fault-free, each coordinated op sends N legs: these sum to N x the coordinated.
  uint64_t gets_as_replica = 0;
  uint64_t puts_as_replica = 0;
  uint64_t hints_stored = 0;     // puts kept as a stand-in
  uint64_t hints_delivered = 0;  // hinted keys their owner acknowledged
  uint64_t keys_repaired = 0;    // keys anti-entropy changed here
  uint64_t hints_held = 0;       // hinted keys still on disk at the end
  uint64_t keys_stored = 0;      // keys in the node's own data at the end
};

// One replica's holding of a key, in a divergence report.
struct ReplicaHolding {
  dynamo::NodeId node = 0;  // process id (an index into RunResult.node_names)
  uint64_t versions = 0;    // versions it holds
  bool agrees = false;      // holds exactly the first replica's versions
};

// A key whose replicas (the first N distinct nodes of its preference list) differ.
struct Divergence {
  dynamo::Key key = 0;
  std::vector<ReplicaHolding> replicas;  // in preference-list order
};

// Convergence after quiesce (design.md), measured by sampling replica state during the quiesce
// phase (sim/convergence_monitor.h has the sampling rule).
struct ConvergenceResult {
  bool converged = false;            // every replica of every written key agreed at the end
  TimeUs reference_us = 0;           // later of the last fault window's end and quiesce start
  TimeUs converged_at_us = 0;        // first sample of the agreement that lasted to the end
  TimeUs convergence_time_us = 0;    // converged_at_us - reference_us (when converged)
  TimeUs sample_interval_us = 0;
  uint64_t samples = 0;              // samples taken (including the one at the end)
  uint64_t keys = 0;                 // written keys compared
  std::optional<Divergence> divergence;  // when not converged: the first divergent key at the end
  // Convergence under load (sampled while the workload runs, sim/convergence_monitor.h):
  // last_heal_us is the end of the last fault window when it came before quiesce and no fault was
  // in force from then until quiesce (nullopt: no fault, or one still in force when the workload
  // stopped); after_heal_us the time from it to the first sample before quiesce at which every
  // replica of every key written so far agreed (nullopt: not reached before quiesce).
  std::optional<TimeUs> last_heal_us;
  std::optional<TimeUs> after_heal_us;
  uint64_t load_samples = 0;  // samples taken while the workload ran
};

// A join or leave fault's outcome at the end of quiesce (the `membership` check). A leave is done
// when the node reported its decommission complete (its hand-off acknowledged); a join when the
// node is on the final ring and holds every written key the final ring makes it a replica of, or,
// for a node that left later, when it was on a ring before it left.
struct MembershipOutcome {
  std::string node;    // scenario name
  std::string change;  // "join" or "leave"
  TimeUs at_us = 0;    // when the fault asked for it
  bool done = false;
  bool on_final_ring = false;
  uint64_t keys_missing = 0;  // join: written keys it replicates on the final ring but lacks
  bool left_later = false;    // join: the node left afterwards; done = it was on a ring first
};

struct RunResult {
  std::string scenario;  // scenario name
  uint64_t seed = 0;
  std::string digest;    // 16 hex digits
  TimeUs sim_time_us = 0;
  double wall_time_s = 0;
  uint64_t peak_rss_bytes = 0;  // the process's peak RSS when `run` measured it, else 0
  // The loader's memory estimate (sim/scenario/memory_estimate.h), set with peak_rss_bytes so the
  // two can be compared (tools/bench/memory-estimate), else 0.
  uint64_t memory_estimate_bytes = 0;
  uint64_t events = 0;
  // Value shape: carts (read_modify_write) or registers; and whether clocks or LWW resolved.
  bool carts = true;
  bool last_write_wins = false;
  History history;
  uint64_t messages_sent = 0;
  uint64_t messages_dropped = 0;
  std::vector<MessageTraffic> traffic;  // by kind, in the node logic's kind order
  RepairCounts repair;
  std::vector<FaultWindow> faults;  // in the order they started
  // After quiesce, per written key: what a get of all N replicas of the final ring returns (each
  // replica's data and write buffer, merged as a coordinator merges R = N replies; no hints, no
  // copies on non-replicas; Cluster::FinalReplicaVersions), for the lost-writes check. Keys no
  // final replica holds are absent.
  absl::btree_map<dynamo::Key, dynamo::Siblings> final_versions;
  // Node names by process id (node i is "n{i+1}" unless the scenario names them).
  std::vector<std::string> node_names;
  TimeUs quiesce_start_us = 0;  // the scenario's duration
  scenario::Checks checks;      // the scenario's checks, evaluated by sim/analysis/checks.h
  ConvergenceResult convergence;
  std::vector<NodeLoad> node_load;  // by node, in node order
  std::vector<MembershipOutcome> membership;  // the join and leave faults, in file order
  // Timeline: bucket size, and messages sent per bucket (index = send time / bucket).
  TimeUs timeline_bucket_us = 0;
  std::vector<uint64_t> messages_by_bucket;
};

}  // namespace sim
