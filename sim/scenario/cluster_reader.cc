// Reads the `cluster` section.
#include <set>

#include "sim/scenario/concat.h"
#include "sim/scenario/node_names.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

std::vector<std::string> ReadNodeNames(const ObjectReader& reader, int nodes) {
  const std::optional<JsonAt> at = reader.Get("node_names");
  if (!at.has_value()) return DefaultNodeNames(nodes);
  ParseErrors& errors = reader.errors();
  std::vector<std::string> names = ReadNameList(errors, *at);
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string problem = NodeNameProblem(names[i]);
    if (!problem.empty()) errors.Fail(IndexPath(at->path, i), problem);
  }
  if (errors.ok() && names.size() != static_cast<size_t>(nodes)) {
    errors.Fail(at->path,
                Concat("must list exactly `nodes` (", nodes, ") names, got ", names.size()));
  }
  return names;
}

Replication ReadReplication(const ObjectReader& cluster, int nodes) {
  const ObjectReader reader(cluster.errors(), cluster.GetOrEmpty("replication"),
                            KeysOf("cluster.replication"));
  ParseErrors& errors = reader.errors();
  Replication replication;
  replication.n = static_cast<int>(reader.Int("n", replication.n, 1, kMaxNodes));
  replication.r = static_cast<int>(reader.Int("r", replication.r, 1, kMaxNodes));
  replication.w = static_cast<int>(reader.Int("w", replication.w, 1, kMaxNodes));
  CheckAtMost(errors, reader.PathOf("n"), replication.n, "nodes", nodes, !reader.Has("n"));
  CheckAtMost(errors, reader.PathOf("r"), replication.r, "n", replication.n);
  CheckAtMost(errors, reader.PathOf("w"), replication.w, "n", replication.n);
  replication.pr = static_cast<int>(reader.Int("pr", replication.pr, 0, kMaxNodes));
  replication.pw = static_cast<int>(reader.Int("pw", replication.pw, 0, kMaxNodes));
  CheckAtMost(errors, reader.PathOf("pr"), replication.pr, "n", replication.n);
  CheckAtMost(errors, reader.PathOf("pw"), replication.pw, "n", replication.n);
  if (const std::optional<JsonAt> at = reader.Get("fanout")) {
    replication.fanout = ReadEnum(errors, *at, FanoutSpellings());
  }
  // D <= N so that the top N can span D datacenters; D <= the datacenters is checked with
  // network.datacenters (datacenter_checks.cc).
  replication.datacenters =
      static_cast<int>(reader.Int("datacenters", replication.datacenters, 1, kMaxNodes));
  CheckAtMost(errors, reader.PathOf("datacenters"), replication.datacenters, "n", replication.n);
  return replication;
}

Partitioning ReadPartitioning(const ObjectReader& cluster, const Cluster& so_far) {
  const ObjectReader reader(cluster.errors(), cluster.GetOrEmpty("partitioning"),
                            KeysOf("cluster.partitioning"));
  ParseErrors& errors = reader.errors();
  Partitioning partitioning;
  partitioning.strategy = static_cast<int>(reader.Int("strategy", partitioning.strategy, 1, 3));
  partitioning.partitions =
      static_cast<int>(reader.Int("partitions", partitioning.partitions, 1, kMaxPartitions));
  partitioning.tokens_per_node = static_cast<int>(
      reader.Int("tokens_per_node", partitioning.tokens_per_node, 1, kMaxTokensPerNode));
  const std::string partitions_path = reader.PathOf("partitions");
  const bool partitions_default = !reader.Has("partitions");
  CheckAtLeast(errors, partitions_path, partitioning.partitions, "replication n",
               so_far.replication.n, partitions_default);
  if (partitioning.strategy == 3) {
    CheckAtLeast(errors, partitions_path, partitioning.partitions, "nodes with strategy 3",
                 so_far.nodes, partitions_default);
  }
  return partitioning;
}

HintedHandoff ReadHintedHandoff(const ObjectReader& cluster) {
  const ObjectReader reader(cluster.errors(), cluster.GetOrEmpty("hinted_handoff"),
                            KeysOf("cluster.hinted_handoff"));
  HintedHandoff handoff;
  handoff.enabled = reader.Bool("enabled", handoff.enabled);
  handoff.retry_interval_us =
      reader.Duration("retry_interval", handoff.retry_interval_us, DurationSign::kPositive);
  return handoff;
}

AntiEntropy ReadAntiEntropy(const ObjectReader& cluster) {
  const ObjectReader reader(cluster.errors(), cluster.GetOrEmpty("anti_entropy"),
                            KeysOf("cluster.anti_entropy"));
  AntiEntropy anti_entropy;
  anti_entropy.enabled = reader.Bool("enabled", anti_entropy.enabled);
  anti_entropy.interval_us =
      reader.Duration("interval", anti_entropy.interval_us, DurationSign::kPositive);
  anti_entropy.merkle_depth =
      static_cast<int>(reader.Int("merkle_depth", anti_entropy.merkle_depth, 1, 20));
  return anti_entropy;
}

Gossip ReadGossip(const ObjectReader& cluster, const std::vector<std::string>& node_names) {
  const ObjectReader reader(cluster.errors(), cluster.GetOrEmpty("gossip"),
                            KeysOf("cluster.gossip"));
  ParseErrors& errors = reader.errors();
  Gossip gossip;
  gossip.interval_us = reader.Duration("interval", gossip.interval_us, DurationSign::kPositive);
  const std::optional<JsonAt> seeds_at = reader.Get("seeds");
  if (!seeds_at.has_value()) {
    if (!node_names.empty()) gossip.seeds = {node_names.front()};
    return gossip;
  }
  gossip.seeds = ReadNameList(errors, *seeds_at);
  const std::set<std::string> known(node_names.begin(), node_names.end());
  for (size_t i = 0; i < gossip.seeds.size(); ++i) {
    if (known.count(gossip.seeds[i]) == 0) {
      errors.Fail(IndexPath(seeds_at->path, i),
                  UnknownNameMessage("node", gossip.seeds[i], node_names));
    }
  }
  return gossip;
}

// The members that are single objects with one key, and the enumerations.
void ReadSmallMembers(const ObjectReader& reader, Cluster& cluster) {
  ParseErrors& errors = reader.errors();
  const ObjectReader detector(errors, reader.GetOrEmpty("failure_detector"),
                              KeysOf("cluster.failure_detector"));
  cluster.failure_detector.suspect_after_us = detector.Duration(
      "suspect_after", cluster.failure_detector.suspect_after_us, DurationSign::kPositive);
  const ObjectReader clock(errors, reader.GetOrEmpty("vector_clock"),
                           KeysOf("cluster.vector_clock"));
  cluster.vector_clock.max_entries = static_cast<int>(
      clock.Int("max_entries", cluster.vector_clock.max_entries, 1, kMaxVectorClockEntries));
  if (const std::optional<JsonAt> at = reader.Get("conflict_resolution")) {
    cluster.conflict_resolution = ReadEnum(errors, *at, ConflictResolutionSpellings());
  }
  if (const std::optional<JsonAt> at = reader.Get("coordination")) {
    cluster.coordination = ReadEnum(errors, *at, CoordinationSpellings());
  }
  if (const std::optional<JsonAt> at = reader.Get("write_coordinator")) {
    cluster.write_coordinator = ReadEnum(errors, *at, WriteCoordinatorSpellings());
  }
}

// fanout "quorum" models PBS's non-expanding quorums: a write reaches its W replicas and no
// others. It is refused wherever something would send an op to all N replicas anyway, or spread
// a write past its W: node coordination, vector-clock puts (a node coordinates them), read
// repair, anti-entropy, sloppy quorums (stand-ins hand their hints on). Joins and leaves still
// hand a range's keys over (docs/node-logic.md).
void CheckQuorumFanout(const ObjectReader& reader, const Cluster& cluster) {
  ParseErrors& errors = reader.errors();
  if (!errors.ok() || cluster.replication.fanout != Fanout::kQuorum) return;
  const std::string replication = reader.PathOf("replication");
  const std::string path = ChildPath(replication, "fanout");
  const auto refuse = [&](std::string_view why) {
    errors.Fail(path, Concat("\"quorum\" ", why));
  };
  if (cluster.coordination != Coordination::kClientLibrary) {
    refuse(Concat("needs cluster.coordination \"client_library\" (only the client library "
                  "chooses which replicas an op goes to), got \"",
                  SpellingOf(CoordinationSpellings(), cluster.coordination), "\""));
  } else if (cluster.conflict_resolution != ConflictResolution::kLastWriteWins) {
    refuse("needs cluster.conflict_resolution \"last_write_wins\": under \"vector_clock\" a "
           "client_library put goes through a node, which sends it to all N replicas");
  } else if (cluster.read_repair) {
    refuse("needs cluster.read_repair false: read repair copies a write to replicas past its W");
  } else if (cluster.anti_entropy.enabled) {
    refuse("needs cluster.anti_entropy.enabled false: anti-entropy copies a write to replicas "
           "past its W");
  } else if (cluster.sloppy_quorum) {
    refuse("needs cluster.sloppy_quorum false: a stand-in hands its hint on to the replica it "
           "stands in for");
  } else if (cluster.replication.pr > cluster.replication.r) {
    errors.Fail(ChildPath(replication, "pr"),
                Concat("must be <= r (", cluster.replication.r,
                       ") with fanout \"quorum\" (a get asks only R replicas), got ",
                       cluster.replication.pr));
  } else if (cluster.replication.pw > cluster.replication.w) {
    errors.Fail(ChildPath(replication, "pw"),
                Concat("must be <= w (", cluster.replication.w,
                       ") with fanout \"quorum\" (a put goes to only W replicas), got ",
                       cluster.replication.pw));
  }
}

}  // namespace

bool CheckAtMost(ParseErrors& errors, const std::string& path, int64_t value,
                 std::string_view bound_name, int64_t bound, bool value_is_default) {
  if (value <= bound) return true;
  errors.Fail(path, Concat("must be <= ", bound_name, " (", bound, "), got ", value,
                           value_is_default ? " (the default; set it explicitly)" : ""));
  return false;
}

bool CheckAtLeast(ParseErrors& errors, const std::string& path, int64_t value,
                  std::string_view bound_name, int64_t bound, bool value_is_default) {
  if (value >= bound) return true;
  errors.Fail(path, Concat("must be >= ", bound_name, " (", bound, "), got ", value,
                           value_is_default ? " (the default; set it explicitly)" : ""));
  return false;
}

Cluster ReadCluster(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("cluster"));
  Cluster cluster;
  cluster.nodes = static_cast<int>(reader.RequiredInt("nodes", 1, kMaxNodes));
  cluster.node_names = ReadNodeNames(reader, cluster.nodes);
  cluster.replication = ReadReplication(reader, cluster.nodes);
  cluster.partitioning = ReadPartitioning(reader, cluster);
  cluster.sloppy_quorum = reader.Bool("sloppy_quorum", cluster.sloppy_quorum);
  cluster.hinted_handoff = ReadHintedHandoff(reader);
  cluster.read_repair = reader.Bool("read_repair", cluster.read_repair);
  cluster.anti_entropy = ReadAntiEntropy(reader);
  cluster.gossip = ReadGossip(reader, cluster.node_names);
  cluster.request_timeout_us =
      reader.Duration("request_timeout", cluster.request_timeout_us, DurationSign::kPositive);
  ReadSmallMembers(reader, cluster);
  cluster.client_refresh_us =
      reader.Duration("client_refresh", cluster.client_refresh_us, DurationSign::kPositive);
  CheckQuorumFanout(reader, cluster);
  return cluster;
}

}  // namespace sim::scenario
