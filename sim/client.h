// Client: one workload client (a process of its own, like the nodes). Closed loop by default: one
// op at a time, `think_time` between ops. With `rate`, open loop: ops arrive as a Poisson process
// (this client's share of the rate) and each starts on arrival whether or not earlier ones have
// finished, so a client may have many ops outstanding and an outage shows as many failed ops
// rather than as few slow ones (the history's Jepsen export gives overlapping ops their own
// process numbers, sim/report/history_edn.h).
//
// Each op is recorded in the History. A get goes to an entry node; a put either blindly writes a
// new unique value (registers) or, for carts, is a cart add: a get, then a put of the union of
// the siblings' items plus one new item, with the get's context. When the add's get fails or
// times out the add ends there, unless `always_writeable`: then the client puts its one new item
// with an empty context (a new sibling, superseding nothing), as the paper's cart does.
//
// Entry node: with server coordination a random node; with client coordination the first of the
// key's top N (the client holds the ring); for the put of a cart update with write_coordinator
// "fastest_read", the replica that answered the read first (paper section 6.4). Nodes that did not
// answer an attempt within request_timeout are suspected for suspect_after and skipped; with
// `retry` the op is retried at another node until client_timeout.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/message.h"
#include "dynamo/ring.h"
#include "sim/engine/network.h"
#include "sim/engine/process_table.h"
#include "sim/engine/prng.h"
#include "sim/history.h"
#include "sim/key_chooser.h"
#include "sim/scenario/scenario.h"

namespace sim {

// What a client needs from the cluster; all references outlive the client.
struct ClientWorld {
  Scheduler& scheduler;
  ProcessTable& processes;
  Network<dynamo::Message>& network;
  History& history;
  const scenario::Scenario& scenario;
  // The latest ring any node installed: the client library's view for client-driven
  // coordination (the paper's clients download it from the nodes; here it is never stale).
  const std::shared_ptr<const dynamo::Ring>& ring;
  const KeyChooser& keys;
  // Entry nodes for server-driven coordination: the nodes on the ring, in node order (a joined
  // node is added once it joins, a leaving one removed once it has left).
  const std::vector<ProcessId>& nodes;
  size_t node_slots;  // node process ids are below this (nodes that will join included)
};

struct ClientStats {
  uint64_t ops_started = 0;  // user-level ops: gets, puts and cart adds
};

class Client {
 public:
  Client(ClientWorld world, uint32_t index, ProcessId id, uint64_t run_seed);

  // Schedules the first op (or arrival) at workload.start.
  void Start();
  void OnMessage(dynamo::Message& reply);

  const ClientStats& stats() const { return stats_; }

 private:
  enum class Phase : uint8_t { kGet, kCartGet, kPut };

  // An op in progress, keyed by its history id in in_flight_.
  struct InFlight {
    Phase phase = Phase::kGet;
    uint32_t attempt = 0;
    ProcessId entry = 0;
    ProcessId preferred_coordinator = 0;  // fastest_read: the read's fastest replica
    bool has_preferred_coordinator = false;
  };

  void ScheduleArrival();
  void OnArrival();
  void StartNextOp();
  uint64_t BeginOp(OpType type, dynamo::Key key, Phase phase);
  void StartCartPut(uint64_t read_op, const dynamo::msg::ClientReply* reply);
  void SendAttempt(uint64_t op_id);
  void OnAttemptTimeout(uint64_t op_id, uint32_t attempt);
  void OnClientTimeout(uint64_t op_id);
  void Complete(uint64_t op_id, OpStatus status, const dynamo::msg::ClientReply* reply);
  void AfterOp();
  ProcessId ChooseEntryNode(uint64_t op_id, const InFlight& flight);
  bool Suspected(ProcessId node) const;
  bool Accepting() const;
  uint64_t NewItem() { return (static_cast<uint64_t>(index_ + 1) << 32) | next_item_++; }

  ClientWorld world_;
  const uint32_t index_;
  const ProcessId id_;
  Prng prng_;
  uint64_t next_item_ = 1;
  ClientStats stats_;

  // The ops in progress (closed loop: at most one), by history id.
  absl::btree_map<uint64_t, InFlight> in_flight_;
  std::vector<TimeUs> suspected_until_us_;  // by node index
};

}  // namespace sim
