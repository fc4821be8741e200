#include "sim/scenario/scenario_keys.h"

#include "sim/engine/check.h"

namespace sim::scenario {

const std::vector<ObjectKeys>& AllObjectKeys() {
  static const auto* const table = new std::vector<ObjectKeys>{
      {"",
       {"name", "description", "seed", "duration", "quiesce", "cluster", "network", "storage",
        "workload", "faults", "nemesis", "checks", "bugs"}},
      {"cluster",
       {"nodes", "node_names", "replication", "partitioning", "sloppy_quorum", "hinted_handoff",
        "read_repair", "anti_entropy", "gossip", "failure_detector", "request_timeout",
        "vector_clock", "conflict_resolution", "coordination", "client_refresh", "write_coordinator"}},
      {"cluster.replication", {"n", "r", "w", "pr", "pw", "fanout", "datacenters"}},
      {"cluster.partitioning", {"strategy", "partitions", "tokens_per_node"}},
      {"cluster.hinted_handoff", {"enabled", "retry_interval"}},
      {"cluster.anti_entropy", {"enabled", "interval", "merkle_depth"}},
      {"cluster.gossip", {"interval", "seeds"}},
      {"cluster.failure_detector", {"suspect_after"}},
      {"cluster.vector_clock", {"max_entries"}},
      {"network",
       {"latency", "drop_rate", "duplicate_rate", "by_message", "datacenters",
        "datacenter_latency", "datacenter_latency_by_pair"}},
      {"network.datacenters.NAME", {"nodes", "clients"}},
      {"storage", {"read_latency", "write_latency", "buffered_writes", "flush_interval"}},
      {"constant", {"value"}},
      {"uniform", {"min", "max"}},
      {"exponential", {"mean"}},
      {"lognormal", {"median", "p99"}},
      {"pareto", {"scale", "shape"}},
      {"mixture", {"parts"}},
      {"mixture.parts[]", {"weight", "of"}},
      {"empirical", {"quantiles"}},
      {"workload",
       {"clients", "keys", "key_distribution", "rate", "think_time", "mix", "read_modify_write",
        "always_writeable", "client_timeout", "retry", "entry", "failure_backoff",
        "reads_after_put", "start", "stop"}},
      {"workload.key_distribution", {"type", "s"}},
      {"workload.mix", {"get", "put", "remove"}},
      {"faults[]",
       {"at", "type", "until", "groups", "from", "to", "nodes", "extra", "rate", "offset"}},
      {"nemesis", {"interval", "faults", "max_down"}},
      {"checks",
       {"no_lost_writes", "no_resurrected_items", "convergence", "availability", "latency", "stale_reads", "max_siblings",
        "membership", "t_visibility"}},
      {"checks.convergence", {"enabled", "within"}},
      {"checks.availability", {"get", "put", "add", "max_outage", "max_recovery"}},
      {"checks.latency",
       {"get_p50", "get_p99", "get_p999", "get_max", "put_p50", "put_p99", "put_p999", "put_max"}},
      {"checks.stale_reads", {"max_fraction"}},
      {"checks.t_visibility", {"at"}},
  };
  return *table;
}

const std::vector<std::string_view>& KeysOf(std::string_view object) {
  for (const ObjectKeys& entry : AllObjectKeys()) {
    if (entry.object == object) return entry.keys;
  }
  SIM_CHECK(false, "KeysOf: an object missing from AllObjectKeys()");
  return AllObjectKeys().front().keys;
}

}  // namespace sim::scenario
