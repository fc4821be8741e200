#include "sim/scenario/memory_estimate.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "dynamo/md5.h"
#include "sim/scenario/concat.h"

namespace sim::scenario {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

// Per-item costs, rounded up from peak RSS of the debug build (20 nodes x 65,536 partitions:
// about 25 bytes per node and token; 34 in a release build, and 16 more since each ring keeps the
// first four nodes of every range's walk, ring.h), of release hot-key cart runs (20 writers on one key for
// 30 s: 656 MB for 123 copies of a 34,000-item cart plus the history; a cart item is 8 bytes a
// copy, siblings and freed copies of growing carts take the rest) and of release runs of every
// shipped scenario, measured after the checks (tools/bench/memory-estimate,
// results/bench/memory-estimate.txt): beyond the process's 32 MiB, 0.3 to 0.55 KB per op of the
// history and its analysis (an Op is 136 bytes, each distinct version is kept once, encoded, and
// the checks index one interval of keys at a time; 0.55 KB for pbs-lnkd-ssd, 1.3M ops in 684 MB),
// and about 380 bytes per key a replica stores (pbs-lnkd-disk-n10: 728,000 stored copies,
// 274 MB). The history's figure
// keeps a margin of about 1.3x over the largest measured, as runs of other seeds peak higher.
constexpr double kZipfBytesPerKey = 8;          // one double of the cumulative table
constexpr double kKeyPositionBytesPerKey = 16;  // its slot, and as much again while doubling
constexpr double kRingBytesPerToken = 48;       // a node's ring, views and gossip, per token
constexpr double kClientBytesPerNode = 64;      // a client's per-node state
constexpr double kHistoryBytesPerOp = 768;      // one op of the history and its analysis
constexpr double kStoredKeyBytes = 512;         // one key's slot and siblings in one replica
constexpr double kCartItemBytes = 64;           // one item of one copy of a cart
constexpr double kLwwHistoryBytesPerItem = 16;  // a run or a kept item, per op, of an LWW cart
constexpr double kHopsPerOp = 4;                // client -> coordinator -> replicas and back
constexpr double kFastestOpUs = 10;             // floor of an op's duration in the estimate
// What every run holds whatever its size: code, libraries, allocator arenas, the scheduler's and
// network's first allocations (the smallest shipped runs peak at 13 to 26 MB).
constexpr double kBaselineBytes = 32.0 * 1024 * 1024;

uint64_t ToBytes(double bytes) {
  if (!(bytes > 0)) return 0;
  if (bytes >= 1.8e19) return kMax;
  return static_cast<uint64_t>(bytes);
}

double Seconds(TimeUs us) { return static_cast<double>(us) / kSecond; }

// Tokens in one copy of the ring (the token map every node holds and gossips).
double RingTokens(const Scenario& s) {
  const Partitioning& p = s.cluster.partitioning;
  const double per_node_tokens = static_cast<double>(s.cluster.nodes) * p.tokens_per_node;
  switch (p.strategy) {
    case 1: return per_node_tokens;
    case 2: return per_node_tokens + p.partitions;
    default: return p.partitions;
  }
}

// The share of user-level ops that end in a put: puts (cart adds) and cart removes, whose put is
// followed by the workload.reads_after_put gets too. Removes add no cart items, so the cart
// terms below count adds only (an upper bound on what removes leave).
double PutShare(const Scenario& s) { return s.workload.mix.put + s.workload.mix.remove; }

// User-level ops the workload can issue: the open-loop rate over the run, or each closed-loop
// client issuing one op per round trip (median latency per hop) plus think time, plus, after a
// put, the wait for its last workload.reads_after_put get (the client's next op waits for it).
double UserOps(const Scenario& s) {
  const double seconds = Seconds(s.workload.stop_us - s.workload.start_us);
  if (s.workload.rate) return *s.workload.rate * seconds;
  const std::vector<TimeUs>& probes_us = s.workload.reads_after_put_us;
  const double probe_wait_us =
      probes_us.empty() ? 0.0 : PutShare(s) * static_cast<double>(probes_us.back());
  const double op_us =
      std::max(kFastestOpUs, kHopsPerOp * s.network.latency.QuantileUs(0.5) +
                                 static_cast<double>(s.workload.think_time_us) + probe_wait_us);
  return static_cast<double>(s.workload.clients) * seconds * kSecond / op_us;
}

}  // namespace

std::vector<MemoryTerm> EstimateMemory(const Scenario& s) {
  std::vector<MemoryTerm> terms;
  terms.push_back({"the process itself", {}, ToBytes(kBaselineBytes)});
  const double nodes = s.cluster.nodes;
  if (s.workload.key_distribution.type == KeyDistribution::Type::kZipf) {
    terms.push_back({"Zipf key table",
                     {"workload.keys", "workload.key_distribution"},
                     ToBytes(static_cast<double>(s.workload.keys) * kZipfBytesPerKey)});
  }
  // dynamo::KeyPosition's table of the keys' ring positions (md5.h), on the thread of the run.
  terms.push_back(
      {"key ring positions (keys)",
       {"workload.keys"},
       ToBytes(static_cast<double>(std::min<uint64_t>(s.workload.keys,
                                                      dynamo::kKeyPositionTableKeys)) *
               kKeyPositionBytesPerKey)});
  // Every node holds its own ring (and gossips it). Rings whose walk heads agree share one table
  // of them (ring.h), so counting the heads per node is an upper bound.
  terms.push_back({"ring copies (nodes x partitions)",
                   {"cluster.nodes", "cluster.partitioning.partitions",
                    "cluster.partitioning.tokens_per_node"},
                   ToBytes(nodes * RingTokens(s) * kRingBytesPerToken)});
  terms.push_back({"client state (clients x nodes)",
                   {"workload.clients", "cluster.nodes"},
                   ToBytes(static_cast<double>(s.workload.clients) * nodes * kClientBytesPerNode)});
  const double user_ops = UserOps(s);
  // Each acknowledged put adds one get per workload.reads_after_put offset to the history.
  const double probe_gets = user_ops * PutShare(s) *
                            static_cast<double>(s.workload.reads_after_put_us.size());
  terms.push_back({"history (ops)",
                   {"duration", "workload.clients", "workload.rate", "workload.think_time",
                    "workload.reads_after_put"},
                   ToBytes((user_ops + probe_gets) * kHistoryBytesPerOp)});
  const double ops = user_ops;
  // Each written key is stored by N replicas (and stays: nothing deletes).
  const double written_keys =
      std::min(static_cast<double>(s.workload.keys), std::max(ops * s.workload.mix.put, 1.0));
  terms.push_back({"replica stores (written keys x N)",
                   {"workload.keys", "duration", "cluster.replication.n"},
                   ToBytes(written_keys * s.cluster.replication.n * kStoredKeyBytes)});
  if (s.workload.read_modify_write) {
    // A cart holds every item added to its key so far. The history keeps no cart values
    // (sim/history.h), but each replica stores its keys' carts, and each client has about one
    // cart in flight per replica (put requests, get replies).
    const double puts = ops * s.workload.mix.put;
    const double keys = std::min(static_cast<double>(s.workload.keys), std::max(puts, 1.0));
    const double cart_items = std::max(1.0, puts / keys);
    const double replicas = s.cluster.replication.n;
    const double copies = replicas * keys + static_cast<double>(s.workload.clients) * 2 * replicas;
    terms.push_back({"cart values held by replicas and messages (copies x cart size)",
                     {"workload.keys", "duration", "workload.clients",
                      "workload.read_modify_write"},
                     ToBytes(copies * cart_items * kCartItemBytes)});
    if (s.cluster.conflict_resolution == ConflictResolution::kLastWriteWins) {
      // Last-write-wins drops concurrent adds, so what a get returned is scattered put
      // positions (about one run, 8 bytes, per item; jepsen-riak-lww peaks at 80 MB for 4,700
      // ops on one key of up to 2,400 items).
      terms.push_back({"carts in the history under last_write_wins (ops x cart size)",
                       {"workload.keys", "duration", "workload.clients",
                        "cluster.conflict_resolution"},
                       ToBytes(ops * cart_items * kLwwHistoryBytesPerItem)});
    }
  }
  std::stable_sort(terms.begin(), terms.end(),
                   [](const MemoryTerm& a, const MemoryTerm& b) { return a.bytes > b.bytes; });
  return terms;
}

uint64_t EstimatedBytes(const std::vector<MemoryTerm>& terms) {
  uint64_t total = 0;
  for (const MemoryTerm& term : terms) {
    total = term.bytes > kMax - total ? kMax : total + term.bytes;
  }
  return total;
}

absl::Status CheckMemoryBudget(const Scenario& scenario, uint64_t budget_bytes,
                               const std::string& file_label) {
  const std::vector<MemoryTerm> terms = EstimateMemory(scenario);
  const uint64_t total = EstimatedBytes(terms);
  if (total <= budget_bytes) return absl::OkStatus();
  std::string parts;
  for (const MemoryTerm& term : terms) {
    if (term.bytes < budget_bytes / 10 && !parts.empty()) continue;
    std::string keys;
    for (const std::string& key : term.key_paths) keys += (keys.empty() ? "" : ", ") + key;
    parts += Concat(parts.empty() ? "" : "; ", term.what, " about ", FormatBytes(term.bytes),
                    keys.empty() ? "" : Concat(" (lower ", keys, ")"));
  }
  return absl::InvalidArgumentError(
      Concat(file_label, ": the run would need about ", FormatBytes(total),
             " of memory (estimated), more than the budget of ", FormatBytes(budget_bytes),
             " (--memory-budget changes it): ", parts));
}

std::string FormatBytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0) return Concat(bytes, " B");
  return Concat(std::round(value * 10) / 10, " ", kUnits[unit]);
}

absl::StatusOr<uint64_t> ParseByteSize(const std::string& text) {
  struct Unit {
    const char* suffix;
    double factor;
  };
  static constexpr Unit kUnits[] = {{"KiB", 1024.0},       {"MiB", 1048576.0},
                                    {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
                                    {"KB", 1e3},           {"MB", 1e6},
                                    {"GB", 1e9},           {"TB", 1e12},
                                    {"B", 1}};
  std::string number = text;
  double factor = 1;
  for (const Unit& unit : kUnits) {
    const std::string suffix = unit.suffix;
    if (number.size() > suffix.size() && number.ends_with(suffix)) {
      number.resize(number.size() - suffix.size());
      factor = unit.factor;
      break;
    }
  }
  double value = 0;
  if (!absl::SimpleAtod(number, &value) || !(value > 0) || value * factor >= 1.8e19 ||
      value * factor < 1) {
    return absl::InvalidArgumentError(
        Concat("expected a size such as 4GiB, 512MiB or 2000000000 (bytes), got \"", text, "\""));
  }
  return static_cast<uint64_t>(value * factor);
}

}  // namespace sim::scenario
