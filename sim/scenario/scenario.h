// The fully resolved scenario: what a scenario file (docs: scenario-format.md, v1) means once
// every default is filled in and every cross-reference has been checked. Plain data; the loader
// (scenario_loader.h) builds it, `explain` prints it (scenario_to_json.h), the simulator runs it.
//
// Member initialisers are the documented defaults; the loader starts from them, so a default
// lives in exactly one place. Names are those of the file format; durations are microseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "sim/engine/distribution.h"
#include "sim/engine/time.h"

namespace sim::scenario {

// ---- cluster -------------------------------------------------------------------------------

// Which of the key's N replicas a client_library coordinator sends an op to. kAll: all N (a
// get waits for R answers, a put for W). kQuorum: exactly R (a get) or W (a put) of them, chosen
// uniformly at random per round: PBS's non-expanding quorums (Bailis et al., VLDB 2012), where
// a write reaches only W replicas and, with nothing else propagating it, a read misses it with
// probability C(N-W, R) / C(N, R). The loader accepts kQuorum only where nothing else spreads
// a write (client_library, last_write_wins, no read repair, anti-entropy or sloppy quorum).
enum class Fanout { kAll, kQuorum };

struct Replication {
  int n = 3;  // replicas per key (paper section 4.5)
  int r = 2;  // replies a get waits for
  int w = 2;  // acknowledgements a put waits for
  int pr = 0;  // of the R replies, how many must come from primaries (top-N owners)
  int pw = 0;  // of the W acknowledgements, how many must come from primaries
  Fanout fanout = Fanout::kAll;
  // D (paper section 4.6): a key's preference list puts nodes of min(D, datacenters) distinct
  // datacenters first (dynamo/ring.h). 1 = the plain ring walk; > 1 needs network.datacenters.
  int datacenters = 1;
};

struct Partitioning {
  int strategy = 3;         // paper section 6.2: 1, 2 or 3
  int partitions = 256;     // equal-sized ranges (strategies 2 and 3)
  int tokens_per_node = 8;  // random tokens per node (strategies 1 and 2)
};

struct HintedHandoff {
  bool enabled = true;
  TimeUs retry_interval_us = kSecond;  // how often a stand-in retries delivering its hints
};

struct AntiEntropy {
  bool enabled = true;
  TimeUs interval_us = 10 * kSecond;  // between Merkle exchanges of a range
  int merkle_depth = 10;              // tree levels, 1..20
};

struct Gossip {
  TimeUs interval_us = kSecond;
  std::vector<std::string> seeds;  // resolved default: the first node name ("n1")
};

struct FailureDetector {
  TimeUs suspect_after_us = 2 * kSecond;  // silence after which a peer is avoided
};

struct VectorClockConfig {
  int max_entries = 10;  // truncation threshold (paper section 4.4)
};

enum class ConflictResolution { kVectorClock, kLastWriteWins };
// kServer: a random entry node forwards to a top-N coordinator. kClient: the client routes to a
// top-N node itself (the forwarding hop skipped). kClientLibrary: the client coordinates its gets,
// and its puts under last-write-wins, itself from a ring view it refreshes every client_refresh
// (paper section 6.4; sim/client.h).
enum class Coordination { kServer, kClient, kClientLibrary };
enum class WriteCoordinator { kAny, kFastestRead };
enum class EntryNode { kAny, kBound, kDatacenter };

struct Cluster {
  int nodes = 0;                        // nodes at start; required, >= 1
  std::vector<std::string> node_names;  // exactly `nodes` names; default n1..nK
  Replication replication;
  Partitioning partitioning;
  bool sloppy_quorum = true;  // false = strict quorum over the first N of the preference list
  HintedHandoff hinted_handoff;
  bool read_repair = true;
  AntiEntropy anti_entropy;
  Gossip gossip;
  FailureDetector failure_detector;
  TimeUs request_timeout_us = 500 * kMillisecond;  // coordinator gives up on a replica
  VectorClockConfig vector_clock;
  ConflictResolution conflict_resolution = ConflictResolution::kVectorClock;
  Coordination coordination = Coordination::kServer;
  // client_library: how often a client downloads the ring from a random node (paper: 10 s).
  TimeUs client_refresh_us = 10 * kSecond;
  WriteCoordinator write_coordinator = WriteCoordinator::kAny;
};

// ---- network and storage -------------------------------------------------------------------

// A named group of nodes and clients (network.datacenters).
struct Datacenter {
  std::vector<std::string> nodes;    // non-empty; initial nodes and names joined by faults
  std::vector<std::string> clients;  // "c1".."cM"; a client listed nowhere is in no datacenter
};

struct Network {
  Distribution latency = Distribution::Lognormal(kMillisecond, 10 * kMillisecond);  // one way
  double drop_rate = 0;       // probability a message is lost
  double duplicate_rate = 0;  // probability a message is delivered twice
  // Message kind ("get", "put_ack", ...) -> distribution replacing `latency` for that kind.
  absl::btree_map<std::string, Distribution> by_message;
  // Datacenter name -> its nodes and clients; empty = no datacenters. When not empty every node
  // of the run is in exactly one. Datacenter i is the i-th name in this (sorted) order.
  absl::btree_map<std::string, Datacenter> datacenters;
  // Added to every message between endpoints in two different datacenters (a client in none
  // pays nothing); the pair map ("a|b", either order, one entry per pair) replaces it for a pair.
  Distribution datacenter_latency = Distribution::Constant(0);
  absl::btree_map<std::string, Distribution> datacenter_latency_by_pair;
};

struct Storage {
  Distribution read_latency = Distribution::Constant(0);
  Distribution write_latency = Distribution::Constant(0);
  bool buffered_writes = false;  // paper section 6.1: a crash loses the unflushed buffer
  TimeUs flush_interval_us = kSecond;
};

// ---- workload ------------------------------------------------------------------------------

struct KeyDistribution {
  enum class Type { kUniform, kZipf };
  Type type = Type::kUniform;
  double s = 0;  // zipf exponent, > 0 (only for kZipf)
};

struct Mix {
  double get = 0.5;  // fraction of a client's ops that are gets
  double put = 0.5;  // fraction that are puts (cart updates)
  // Fraction that are cart removes (carts only): a get, then a put of the union minus one item.
  // get + put + remove == 1.
  double remove = 0;
};

struct Workload {
  int clients = 0;   // required, >= 1; named c1..cM
  int64_t keys = 0;  // required, >= 1
  KeyDistribution key_distribution;
  std::optional<double> rate;  // ops per simulated second over all clients; none = closed loop
  TimeUs think_time_us = 0;
  Mix mix;
  bool read_modify_write = true;  // carts (true) or registers (false)
  // Carts: when an add's read fails or times out, put the new item with an empty context anyway
  // (the paper's always-writeable cart, sections 2.3 and 4.4); false = the add ends there.
  bool always_writeable = false;
  TimeUs client_timeout_us = kSecond;
  bool retry = true;
  // Server coordination: where a client sends its requests. kAny: a random node it does not
  // suspect; kBound: always its own node, client i (from 0) to node i mod `cluster.nodes`, retries
  // included (Jepsen's Riak test: one client per node); kDatacenter: a random node of the client's
  // own datacenter on the newest ring that it does not suspect, else as kAny (paper section 4.6).
  EntryNode entry = EntryNode::kAny;
  // Closed loop: the pause after an op that failed or timed out, instead of think_time (Jepsen's
  // back-off). None: think_time after every op.
  std::optional<TimeUs> failure_backoff_us;
  // After each acknowledged put, one get of the same key starts at each of these offsets from the
  // acknowledgement (0 = the same microsecond, right after it); the client's next op waits until
  // all of them have finished. Empty: no such gets. How the t-visibility curve (PBS) is measured
  // at chosen t, docs/paper-reproduction.md.
  std::vector<TimeUs> reads_after_put_us;
  TimeUs start_us = 0;
  TimeUs stop_us = 0;  // resolved default: the scenario's duration
};

// ---- faults --------------------------------------------------------------------------------

enum class FaultType {
  kPartition,
  kOneWay,
  kHeal,
  kCrash,
  kRestart,
  kWipe,
  kLatency,
  kDrop,
  kClockSkew,
  kJoin,
  kLeave
};

// One scheduled fault. Only the members its type uses are meaningful; the others keep their
// initial values.
struct Fault {
  TimeUs at_us = 0;                // 0 <= at < duration
  std::optional<TimeUs> until_us;  // lasting types only; at < until <= duration
  FaultType type = FaultType::kHeal;
  std::vector<std::vector<std::string>> groups;    // partition: node and client names
  std::vector<std::string> from;                   // one_way: senders
  std::vector<std::string> to;                     // one_way: receivers
  std::vector<std::string> nodes;                  // most types; drop: empty = every node
  Distribution extra = Distribution::Constant(0);  // latency: added delay
  double rate = 0;                                 // drop: loss probability
  TimeUs offset_us = 0;                            // clock_skew: signed wall-clock shift
};

struct Nemesis {
  TimeUs interval_us = 10 * kSecond;  // a new random fault each interval, previous one healed
  std::vector<FaultType> faults = {FaultType::kPartition, FaultType::kCrash, FaultType::kWipe,
                                   FaultType::kLatency,   FaultType::kDrop,  FaultType::kClockSkew};
  int max_down = 1;  // most nodes crashed or wiped at once
};

// ---- checks --------------------------------------------------------------------------------

struct ConvergenceCheck {
  bool enabled = true;
  std::optional<TimeUs> within_us;  // bound from the last heal to convergence
};

struct AvailabilityCheck {
  double get = 0;  // minimum success fraction of gets (0 = no bound)
  double put = 0;  // minimum success fraction of puts
  double add = 0;  // minimum success fraction of cart adds (sim/analysis/latency_stats.h)
  // Longest outage any one client saw, and longest recovery after a fault window
  // (sim/analysis/outages.h); a window that never recovered fails max_recovery.
  std::optional<TimeUs> max_outage_us;
  std::optional<TimeUs> max_recovery_us;
};

struct StaleReadsCheck {
  double max_fraction = 0;
};

struct Checks {
  bool no_lost_writes = true;
  // Cart removes: no item an acknowledged remove took out is back in the final read. Off by
  // default: Dynamo documents resurrection (paper section 4.4); a figure either way.
  bool no_resurrected_items = false;
  ConvergenceCheck convergence;
  std::optional<AvailabilityCheck> availability;
  // "get_p999" -> maximum latency; keys are {get,put}_{p50,p99,p999,max}.
  absl::btree_map<std::string, TimeUs> latency;
  std::optional<StaleReadsCheck> stale_reads;
  std::optional<int> max_siblings;  // most versions any get may return
  // Every leave completed and every join finished its transfers by the end of quiesce. Unset:
  // on when the scenario has join or leave faults.
  std::optional<bool> membership;
  // Not a pass/fail check: the t values (ascending, >= 0) at which the report gives the
  // t-visibility curve exactly (sim/analysis/t_visibility.h), besides its buckets.
  std::vector<TimeUs> t_visibility_at_us;
};

// ---- the scenario --------------------------------------------------------------------------

struct Scenario {
  std::string name;  // required, used in reports
  std::string description;
  uint64_t seed = 1;
  TimeUs duration_us = 0;            // required, > 0: workload and faults
  TimeUs quiesce_us = 60 * kSecond;  // healed, no load, repair runs; final checks at its end
  Cluster cluster;
  Network network;
  Storage storage;
  Workload workload;
  std::vector<Fault> faults;  // in file order (not sorted by time)
  std::optional<Nemesis> nemesis;
  Checks checks;
  std::vector<std::string> bugs;  // deliberate protocol defects to switch on
};

}  // namespace sim::scenario
