// RunResult: everything one run produced, handed to the analysis, the summary and the reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/version.h"
#include "sim/engine/time.h"
#include "sim/history.h"

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
struct FaultWindow {
  std::string type;  // "partition", "crash", ...
  TimeUs start_us = 0;
  TimeUs end_us = 0;
};

struct RunResult {
  std::string scenario;  // scenario name
  uint64_t seed = 0;
  std::string digest;    // 16 hex digits
  TimeUs sim_time_us = 0;
  double wall_time_s = 0;
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
  // After quiesce, per written key: the versions a read of every node would reconcile to (data,
  // hints and unflushed buffers of every live node), for the lost-writes check.
  absl::btree_map<dynamo::Key, dynamo::Siblings> final_versions;
};

}  // namespace sim
