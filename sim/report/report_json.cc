#include "sim/report/report_json.h"

#include <string>

#include "absl/container/btree_map.h"
#include "sim/analysis/latency_stats.h"

namespace sim {
namespace {

nlohmann::json OpJson(const OpStats& stats) {
  return {
      {"attempted", stats.attempted},
      {"succeeded", stats.succeeded},
      {"availability", stats.availability},
      {"latency_ms",
       {{"p50", UsToMs(stats.latency.p50_us)},
        {"p99", UsToMs(stats.latency.p99_us)},
        {"p999", UsToMs(stats.latency.p999_us)},
        {"max", UsToMs(stats.latency.max_us)}}},
  };
}

nlohmann::json HistogramJson(const absl::btree_map<int, uint64_t>& histogram) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [value, count] : histogram) object[std::to_string(value)] = count;
  return object;
}

nlohmann::json ConsistencyJson(const RunSummary& summary) {
  return {
      {"lost_writes", summary.lost_writes.lost_writes},
      {"stale_reads", summary.staleness.stale_reads},
      {"stale_read_fraction", summary.staleness.stale_read_fraction},
      {"k_staleness", HistogramJson(summary.staleness.k_histogram)},
      {"siblings_histogram", HistogramJson(summary.siblings.gets_by_versions)},
      {"max_siblings", summary.siblings.max_versions},
  };
}

nlohmann::json MessagesJson(const MessageSummary& messages) {
  // A kind listed twice is summed rather than overwritten.
  absl::btree_map<std::string, MessageTraffic> totals;
  for (const MessageTraffic& traffic : messages.by_kind) {
    MessageTraffic& total = totals[traffic.kind];
    total.count += traffic.count;
    total.bytes += traffic.bytes;
  }
  nlohmann::json by_kind = nlohmann::json::object();
  for (const auto& [kind, total] : totals) {
    by_kind[kind] = {{"count", total.count}, {"bytes", total.bytes}};
  }
  return {{"sent", messages.sent}, {"dropped", messages.dropped}, {"by_kind", by_kind}};
}

}  // namespace

nlohmann::json ReportJson(const RunSummary& summary, const RunResult& result) {
  nlohmann::json report = nlohmann::json::object();
  report["scenario"] = result.scenario;
  report["seed"] = result.seed;
  report["digest"] = result.digest;
  report["sim_time_s"] = static_cast<double>(result.sim_time_us) / static_cast<double>(kSecond);
  report["wall_time_s"] = result.wall_time_s;
  report["events"] = result.events;
  report["ops"] = {{"get", OpJson(summary.ops.get)}, {"put", OpJson(summary.ops.put)}};
  report["consistency"] = ConsistencyJson(summary);
  report["messages"] = MessagesJson(summary.messages);
  report["repair"] = {{"hints_stored", result.repair.hints_stored},
                      {"hints_delivered", result.repair.hints_delivered},
                      {"read_repairs", result.repair.read_repairs},
                      {"merkle_exchanges", result.repair.merkle_exchanges},
                      {"merkle_nodes_exchanged", result.repair.merkle_nodes_exchanged},
                      {"keys_repaired", result.repair.keys_repaired}};
  report["storage"] = {{"unflushed_writes_lost", result.repair.unflushed_lost}};
  return report;
}

}  // namespace sim
