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
// with an empty context (a new sibling, superseding nothing), as the paper's cart does. A cart
// remove (workload.mix.remove) is a get, then, unless the cart is empty, a put of the union of
// the siblings' items minus one of them (drawn from the client's stream) with the get's context;
// a failed get ends it (nothing to remove without a read).
//
// Entry node: with server coordination a random node (entry "datacenter": of the client's own
// datacenter while it has one it does not suspect on the ring); with client coordination the first of the
// key's top N (the client holds the ring, never stale); for the put of a cart update with write_coordinator
// "fastest_read", the replica that answered the read first (paper section 6.4). Nodes that did not
// answer an attempt within request_timeout are suspected for suspect_after and skipped; with
// `retry` the op is retried at another node until client_timeout.
//
// Client-library coordination (`client_library`, paper section 6.4; client_library.cc): the
// client coordinates its gets itself, and its puts under last-write-wins, exactly as a node's
// coordinator does (dynamo/get_round.h, dynamo/stamp_version.h): legs to the key's top N of its
// own ring view (sloppy: healthy stand-ins for the nodes it suspects), R or W answers, the
// reconciled answer, read repair when read_repair is on. A round that times out fails the op and
// suspects the silent replicas. Under vector clocks a put still goes to a top-N node of the view
// (the node issues the clock's new entry). The view is downloaded from a random node of the view
// every client_refresh and is stale in between. With cluster.replication.fanout "quorum" a round
// goes to only R (W) of those targets, drawn uniformly at random from a stream of its own
// (PBS's non-expanding quorums).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "dynamo/get_round.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
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
  const dynamo::NodeConfig& node_config;  // N, R, W, resolution: what a coordinator follows
  // The latest ring any node installed: the routing ring of `client` coordination (never
  // stale), and the initial view of `client_library` coordination.
  const std::shared_ptr<const dynamo::Ring>& ring;
  // client_library: the ring view node `node` would hand out now; null when it is down or has
  // no ring.
  std::function<std::shared_ptr<const dynamo::Ring>(ProcessId node)> node_ring;
  const KeyChooser& keys;
  // Entry nodes for server-driven coordination: the nodes on the ring, in node order (a joined
  // node is added once it joins, a leaving one removed once it has left).
  const std::vector<ProcessId>& nodes;
  // workload.entry "datacenter": the same nodes by datacenter (index as network.datacenters'
  // order), kept in step with `nodes`; empty without datacenters.
  const std::vector<std::vector<ProcessId>>& nodes_by_datacenter;
  size_t node_slots;  // node process ids are below this (nodes that will join included)
};

struct ClientStats {
  uint64_t ops_started = 0;  // user-level ops: gets, puts and cart adds
  // client_library only.
  uint64_t read_repairs_sent = 0;
  uint64_t ring_refreshes = 0;  // views downloaded (a node that was down gave none)
};

// A client's request ids: the history op id and the attempt (one per entry node tried, or one
// client-library round), so a late answer to an earlier attempt is told apart.
inline uint64_t RequestId(uint64_t op, uint32_t attempt) { return (op << 8) | (attempt & 0xFF); }
inline uint64_t OpOfRequest(uint64_t request_id) { return request_id >> 8; }

class Client {
 public:
  // `datacenter`: the client's datacenter (an index of world.nodes_by_datacenter), or
  // kNoDatacenter.
  Client(ClientWorld world, uint32_t index, ProcessId id, int32_t datacenter, uint64_t run_seed);

  // Schedules the first op (or arrival) at workload.start.
  void Start();
  void OnMessage(ProcessId from, dynamo::Message& message);

  const ClientStats& stats() const { return stats_; }
  // client_library: the ring view this client routes by (null for the other coordinations).
  const std::shared_ptr<const dynamo::Ring>& ring_view() const { return view_; }

 private:
  // kProbeGet: a get of workload.reads_after_put.
  // kRemoveGet: the get of a cart remove.
  enum class Phase : uint8_t { kGet, kCartGet, kRemoveGet, kPut, kProbeGet };

  // An op in progress, keyed by its history id in in_flight_.
  struct InFlight {
    Phase phase = Phase::kGet;
    uint32_t attempt = 0;
    ProcessId entry = 0;
    ProcessId preferred_coordinator = 0;  // fastest_read: the read's fastest replica
    bool has_preferred_coordinator = false;
    // A put's payload, needed only to send it: the value written and, for a read-modify-write
    // (the op's read_op set), the read's context. The history keeps neither (history.h).
    dynamo::Value value;
    std::unique_ptr<dynamo::Context> context;
    // The op's client timeout and its latest attempt's timeout: cancelled when the op completes
    // (and the attempt's when the next attempt starts), so a finished op leaves no timer behind.
    TimerId client_timeout;
    TimerId attempt_timeout;
  };

  void ScheduleArrival();
  void OnArrival();
  void StartNextOp();
  uint64_t BeginOp(OpType type, dynamo::Key key, Phase phase);
  void StartCartPut(uint64_t read_op, const dynamo::msg::ClientReply* reply);
  // The remove's put, or false (nothing started) when the read's cart is empty.
  bool StartRemovePut(uint64_t read_op, const dynamo::msg::ClientReply& reply);
  void SendAttempt(uint64_t op_id);
  void OnAttemptTimeout(uint64_t op_id, uint32_t attempt);
  void OnClientTimeout(uint64_t op_id);
  void Complete(uint64_t op_id, OpStatus status, const dynamo::msg::ClientReply* reply);
  // Closed loop: the next op after think_time, or after failure_backoff when the op that just
  // ended (`status`) failed or timed out.
  void AfterOp(OpStatus status);
  void StartReadsAfterPut(dynamo::Key key);
  void StartProbeGet(dynamo::Key key);
  void ProbeDone();
  ProcessId ChooseEntryNode(uint64_t op_id, const InFlight& flight);
  // A random node of `candidates` this client does not suspect, or false when it suspects them
  // all (or there are none).
  bool PickUnsuspected(const std::vector<ProcessId>& candidates, ProcessId* node);
  bool Suspected(ProcessId node) const;
  void Suspect(ProcessId node, TimeUs until_us);  // avoid `node` until `until_us`
  bool Accepting() const;

  // Client-library coordination (client_library.cc).
  struct GetRoundOf {
    uint64_t op_id = 0;
    dynamo::GetRound round;
  };
  struct PutRound {
    uint64_t op_id = 0;
    dynamo::QuorumTracker quorum;
    dynamo::ReplicaTargets targets;
    dynamo::Version version;
    bool answered = false;
  };
  bool LibraryCoordinates(const Op& op) const;
  void CoordinateAttempt(uint64_t op_id);
  dynamo::Version NewLastWriteWinsVersion(const Op& op, const InFlight& flight);
  // fanout "quorum": keeps `quorum` of `targets`, a uniformly random subset (fewer when there are
  // fewer targets).
  void KeepRandomQuorum(size_t quorum, dynamo::ReplicaTargets& targets);
  template <typename Leg>
  void SendLegs(uint64_t request_id, dynamo::Key key, const Leg& leg,
                const dynamo::ReplicaTargets& targets);
  void OnGetReply(ProcessId from, dynamo::Message& reply);
  void OnPutAck(ProcessId from, const dynamo::Message& ack);
  void OnRoundTimeout(uint64_t request_id);
  // The round's op (if still waiting for this attempt) ends with `status`.
  void EndRoundOp(uint64_t request_id, uint64_t op_id, OpStatus status,
                  const dynamo::msg::ClientReply* reply);
  void FinishGetRound(absl::btree_map<uint64_t, GetRoundOf>::iterator it);
  void SuspectSilent(const dynamo::ReplicaTargets& targets, const dynamo::QuorumTracker& quorum);
  void ScheduleRefresh();
  void RefreshRingView();
  // The ring this client routes by: its view (client_library) or the newest ring (client).
  const dynamo::Ring& RoutingRing() const;
  uint64_t NewItem() { return (static_cast<uint64_t>(index_ + 1) << 32) | next_item_++; }

  ClientWorld world_;
  const uint32_t index_;
  const ProcessId id_;
  const int32_t datacenter_;
  Prng prng_;
  uint64_t next_item_ = 1;
  ClientStats stats_;
  uint64_t probes_outstanding_ = 0;  // reads_after_put gets scheduled or running

  // The ops in progress (closed loop: at most one), by history id. Looked up by id only, never
  // iterated, so the hash order cannot reach behaviour; unlike a btree, a hash map keeps its
  // storage when its last op ends, so an op allocates nothing here (issue 12).
  absl::flat_hash_map<uint64_t, InFlight> in_flight_;
  std::vector<TimeUs> suspected_until_us_;  // by node index
  // The latest of suspected_until_us_: from then on this client suspects no node, and choosing an
  // entry node needs no scan of the cluster (the scan made each op cost O(nodes), issue 12).
  TimeUs suspicions_end_us_ = 0;

  // client_library.
  std::shared_ptr<const dynamo::Ring> view_;
  Prng refresh_prng_;  // which node to download the view from, apart from the op stream
  // fanout "quorum": which R (W) targets a round asks; a stream of its own, so the default fanout
  // "all" draws exactly the numbers it drew before the option existed.
  Prng fanout_prng_;
  // Rounds in progress by request id (op << 8 | attempt); a get's outlives its op until every
  // target answered or the timeout, for read repair.
  absl::btree_map<uint64_t, GetRoundOf> get_rounds_;
  absl::btree_map<uint64_t, PutRound> put_rounds_;
  absl::btree_map<dynamo::Key, uint64_t> dot_counters_;  // the last counter issued, per key
};

}  // namespace sim
