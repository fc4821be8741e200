#include "sim/report/report_tables.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_join.h"
#include "fmt/format.h"
#include "sim/report/fault_text.h"
#include "sim/report/json_view.h"
#include "sim/report/mechanism_items.h"
#include "sim/report/scenario_keys.h"

namespace sim::report {
namespace {

Table RunTable(const nlohmann::json& r) {
  Table t{"run", "Run", "", {"field", "value"}, {}};
  t.rows = {{"scenario", Show(r, {"scenario"})},
            {"seed", Show(r, {"seed"})},
            {"digest", Show(r, {"digest"})},
            {"verdict", Verdict(r)},
            {"simulated time (s)", Show(r, {"sim_time_s"})},
            {"quiesce starts at (s)", Show(r, {"quiesce_start_s"})},
            {"events", Show(r, {"events"})},
            {"wall time (s)", Show(r, {"wall_time_s"})}};
  // 0 = not measured (--no-wall-time, for reproducible report files): no row at all.
  if (Number(r, {"wall_time_s"}) <= 0) t.rows.pop_back();
  if (Number(r, {"peak_rss_bytes"}) > 0) {
    t.rows.push_back({"peak RSS (MiB)", fmt::format("{:.1f}", Number(r, {"peak_rss_bytes"}) /
                                                                  (1024.0 * 1024.0))});
  }
  if (Number(r, {"memory_estimate_bytes"}) > 0) {
    t.rows.push_back({"memory estimate (MiB)",
                      fmt::format("{:.1f}", Number(r, {"memory_estimate_bytes"}) / (1024.0 * 1024.0))});
  }
  // What produced the run (absent in reports written before these keys existed).
  if (Find(r, {"scenario_path"}) != nullptr) {
    t.rows.push_back({"scenario file", Show(r, {"scenario_path"})});
    std::vector<std::string> sets;
    for (const nlohmann::json& set : Array(r, {"overrides"})) {
      if (set.is_string()) sets.push_back("--set " + set.get<std::string>());
    }
    t.rows.push_back({"overrides", sets.empty() ? "(none)" : absl::StrJoin(sets, " ")});
  }
  return t;
}

// The fully resolved scenario (report.json's resolved_scenario), one row per key.
Table ResolvedScenarioTable(const nlohmann::json& r) {
  Table t{"resolved-scenario", "Resolved scenario", "", {"key", "value"}, {}};
  const nlohmann::json* scenario = Find(r, {"resolved_scenario"});
  if (scenario == nullptr) {
    t.note = "Not recorded (report.json written before resolved_scenario existed).";
    return t;
  }
  t.note = "Every key as the run used it, defaults and overrides applied (dynamo-sim explain).";
  for (const auto& [key, value] : FlattenScenario(*scenario)) t.rows.push_back({key, value});
  return t;
}

Table ChecksTable(const nlohmann::json& r) {
  Table t{"checks", "Checks", "", {"check", "verdict", "detail"}, {}};
  for (const nlohmann::json& check : Array(r, {"checks"})) {
    const nlohmann::json* passed = Find(check, {"passed"});
    t.rows.push_back({Show(check, {"name"}),
                      passed != nullptr && passed->is_boolean() && passed->get<bool>() ? "PASS"
                                                                                       : "FAIL",
                      Show(check, {"detail"})});
  }
  if (t.rows.empty()) t.note = "No checks configured.";
  return t;
}

Table OpsTable(const nlohmann::json& r) {
  Table t{"ops", "Operations",
          "Latency over successful ops: mean, and percentiles by nearest rank.",
          {"op", "attempted", "succeeded", "availability", "mean (ms)", "p50 (ms)", "p99 (ms)",
           "p99.9 (ms)", "max (ms)"},
          {}};
  for (const char* op : {"get", "put", "add"}) {
    if (Find(r, {"ops", op}) == nullptr) continue;  // add: carts only
    t.rows.push_back({op, Show(r, {"ops", op, "attempted"}), Show(r, {"ops", op, "succeeded"}),
                      Show(r, {"ops", op, "availability"}),
                      Show(r, {"ops", op, "latency_ms", "mean"}),
                      Show(r, {"ops", op, "latency_ms", "p50"}),
                      Show(r, {"ops", op, "latency_ms", "p99"}),
                      Show(r, {"ops", op, "latency_ms", "p999"}),
                      Show(r, {"ops", op, "latency_ms", "max"})});
  }
  return t;
}

// Convergence under load: seconds from the last heal to the first agreeing sample before quiesce.
std::string AfterHealText(const nlohmann::json& r) {
  const nlohmann::json* heal = Find(r, {"consistency", "convergence", "last_heal_s"});
  if (heal == nullptr) return "-";  // a report.json from before the figure existed
  if (heal->is_null()) return "no heal before quiesce";
  const nlohmann::json* after = Find(r, {"consistency", "convergence", "after_heal_s"});
  const std::string at = Show(heal);
  if (after == nullptr || after->is_null()) return fmt::format("not reached before quiesce (heal at {} s)", at);
  return fmt::format("{} (heal at {} s)", Show(after), at);
}

Table ConsistencyTable(const nlohmann::json& r) {
  Table t{"consistency", "Consistency", "", {"measure", "value"}, {}};
  t.rows = {{"lost writes", Show(r, {"consistency", "lost_writes"})},
            {"acknowledged puts", Show(r, {"consistency", "acknowledged_puts"})},
            {"converged", Show(r, {"consistency", "converged"})},
            {"convergence time after last heal (s)", Show(r, {"consistency", "convergence_time_s"})},
            {"convergence under load: time after last heal (s)", AfterHealText(r)},
            {"stale reads", Show(r, {"consistency", "stale_reads"})},
            {"stale read fraction", Show(r, {"consistency", "stale_read_fraction"})},
            {"most versions in one get", Show(r, {"consistency", "max_siblings"})}};
  if (Find(r, {"consistency", "resurrected_items"}) != nullptr) {  // a run with cart removes
    t.rows.push_back({"acknowledged removes", Show(r, {"consistency", "acknowledged_removes"})});
    t.rows.push_back({"removed items absent at the end (not lost)",
                      Show(r, {"consistency", "removed_absent"})});
    t.rows.push_back({"resurrected items", Show(r, {"consistency", "resurrected_items"})});
  }
  for (const nlohmann::json& put : Array(r, {"consistency", "lost_puts"})) {
    t.rows.push_back({"lost put", fmt::format("key {} put op {} by {} (item {}), acknowledged at {}s",
                                              Show(put, {"key"}), Show(put, {"put_op"}),
                                              Show(put, {"client"}), Show(put, {"item"}),
                                              Show(put, {"acknowledged_s"}))});
  }
  return t;
}

Table OutagesTable(const nlohmann::json& r) {
  Table t{"outages", "Outages",
          "An outage: from the first op that went unanswered to the next success (every op of "
          "the client, or of all clients for \"overall\"); sim/analysis/outages.h.",
          {"client", "longest outage (s)", "starts at (s)", "unavailable in fault windows (s)"},
          {}};
  if (Find(r, {"outages"}) == nullptr) return t;
  t.rows.push_back({"overall", Show(r, {"outages", "longest_outage_s"}),
                    Show(r, {"outages", "longest_outage_start_s"}),
                    Show(r, {"outages", "unavailable_in_faults_s"})});
  for (const nlohmann::json& c : Array(r, {"outages", "clients"})) {
    t.rows.push_back({Show(c, {"client"}), Show(c, {"longest_outage_s"}),
                      Show(c, {"longest_outage_start_s"}), Show(c, {"unavailable_in_faults_s"})});
  }
  t.note += fmt::format(" Fault windows last {} s in all.", Show(r, {"outages", "fault_time_s"}));
  return t;
}

Table RecoveryTable(const nlohmann::json& r) {
  Table t{"recovery", "Recovery after each fault",
          "From the window's end to the start of the first timeline bucket whose availability "
          "(all ops) is back within 0.01 of its pre-fault level; one bucket's resolution.",
          {"fault", "type", "ended (s)", "pre-fault availability", "state", "recovery (s)"},
          {}};
  for (const nlohmann::json& f : Array(r, {"outages", "recoveries"})) {
    t.rows.push_back({Show(f, {"fault_id"}), Show(f, {"type"}), Show(f, {"heal_s"}),
                      Show(f, {"pre_fault_availability"}), Show(f, {"state"}),
                      Show(f, {"recovery_s"})});
  }
  if (t.rows.empty()) t.note = "No fault window that lasts.";
  return t;
}

Table TVisibilityTable(const nlohmann::json& r) {
  Table t{"t-visibility", "t-visibility",
          "Probability that a get saw the latest put acknowledged at or before its start, by t = "
          "get start - that acknowledgement (PBS). The first row t = 0 is exact (the get began "
          "at the acknowledgement's microsecond); the others are [from, to) with t > 0. "
          "Cumulative: P(seen | t' < to), over this row and every row above it.",
          {"t from (ms)", "t to (ms)", "gets", "saw latest", "probability", "cumulative gets",
           "cumulative probability"},
          {}};
  for (const nlohmann::json& b : Array(r, {"consistency", "t_visibility"})) {
    const nlohmann::json* exact = Find(b, {"exact"});
    const bool point = exact != nullptr && exact->is_boolean() && exact->get<bool>();
    t.rows.push_back({point ? "0 (exact)" : Show(b, {"t_ms"}), point ? "0" : Show(b, {"t_end_ms"}),
                      Show(b, {"gets"}), Show(b, {"saw"}), Show(b, {"probability"}),
                      Show(b, {"cumulative_gets"}), Show(b, {"cumulative_probability"})});
  }
  return t;
}

// The scenario's checks.t_visibility.at points; no rows when it chose none.
Table TVisibilityAtTable(const nlohmann::json& r) {
  Table t{"t-visibility-at", "t-visibility at chosen t",
          "P(a get saw the latest put acknowledged t before it began): over the gets started "
          "exactly t after it (workload.reads_after_put), over the gets with t' <= t and over "
          "those with t' >= t: where visibility only grows with t, the probability at exactly t "
          "lies between the last two.",
          {"t (ms)", "gets t' = t", "P(seen | t' = t)", "gets t' <= t", "P(seen | t' <= t)",
           "gets t' >= t", "P(seen | t' >= t)"},
          {}};
  for (const nlohmann::json& p : Array(r, {"consistency", "t_visibility_at"})) {
    t.rows.push_back({Show(p, {"t_ms"}), Show(p, {"gets_at"}), Show(p, {"probability_at"}),
                      Show(p, {"gets_at_or_before"}),
                      Show(p, {"probability_at_or_before"}), Show(p, {"gets_at_or_after"}),
                      Show(p, {"probability_at_or_after"})});
  }
  return t;
}

Table HistogramTable(const nlohmann::json& r, const char* key, const char* id, const char* title,
                     const char* column) {
  Table t{id, title, "", {column, "gets"}, {}};
  const nlohmann::json* histogram = Find(r, {"consistency", key});
  if (histogram == nullptr || !histogram->is_object()) return t;
  std::vector<std::pair<long long, std::string>> rows;  // numeric order, not text order
  for (const auto& [value, gets] : histogram->items()) {
    rows.emplace_back(std::atoll(value.c_str()), Show(&gets));
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& [value, gets] : rows) t.rows.push_back({std::to_string(value), gets});
  return t;
}

Table ObjectTable(const nlohmann::json& r, const char* key, const char* id, const char* title) {
  Table t{id, title, "", {"counter", "value"}, {}};
  const nlohmann::json* object = Find(r, {key});
  if (object == nullptr || !object->is_object()) return t;
  for (const auto& [name, value] : object->items()) t.rows.push_back({name, Show(&value)});
  return t;
}

Table MessagesTable(const nlohmann::json& r) {
  Table t{"messages", "Messages",
          fmt::format("sent {}, dropped {}", Show(r, {"messages", "sent"}),
                      Show(r, {"messages", "dropped"})),
          {"kind", "count", "bytes"},
          {}};
  const nlohmann::json* kinds = Find(r, {"messages", "by_kind"});
  if (kinds == nullptr || !kinds->is_object()) return t;
  for (const auto& [kind, traffic] : kinds->items()) {
    t.rows.push_back({kind, Show(traffic, {"count"}), Show(traffic, {"bytes"})});
  }
  return t;
}

Table MechanismTable(const nlohmann::json& r) {
  Table t{"mechanisms", "Messages by mechanism",
          "Message kinds grouped by the mechanism that sends them (docs/size-model.md); bytes "
          "are modelled.",
          {"mechanism", "count", "bytes", "share of bytes"},
          {}};
  const nlohmann::json* mechanisms = Find(r, {"messages", "by_mechanism"});
  if (mechanisms == nullptr || !mechanisms->is_object()) return t;
  double total_bytes = 0;
  for (const auto& [name, traffic] : mechanisms->items()) total_bytes += Number(traffic, {"bytes"});
  for (const auto& [name, traffic] : MechanismItems(*mechanisms)) {
    const double share = total_bytes > 0 ? Number(*traffic, {"bytes"}) / total_bytes : 0;
    t.rows.push_back({name, Show(*traffic, {"count"}), Show(*traffic, {"bytes"}),
                      fmt::format("{:.1f}%", 100 * share)});
  }
  return t;
}

Table NodeLoadTable(const nlohmann::json& r) {
  Table t{"node-load", "Per-node load", "Summed over each node's incarnations; held/stored: at the end.",
          {"node", "client requests", "forwarded", "gets coordinated", "puts coordinated",
           "gets as replica", "puts as replica", "hints stored", "hints delivered", "hints held",
           "keys repaired", "keys stored"},
          {}};
  for (const nlohmann::json& n : Array(r, {"node_load"})) {
    t.rows.push_back({Show(n, {"node"}), Show(n, {"client_requests"}), Show(n, {"forwarded"}),
                      Show(n, {"gets_coordinated"}), Show(n, {"puts_coordinated"}),
                      Show(n, {"gets_as_replica"}), Show(n, {"puts_as_replica"}),
                      Show(n, {"hints_stored"}), Show(n, {"hints_delivered"}),
                      Show(n, {"hints_held"}), Show(n, {"keys_repaired"}),
                      Show(n, {"keys_stored"})});
  }
  return t;
}

Table FaultsTable(const nlohmann::json& r) {
  Table t{"faults", "Faults",
          "Each window ends when its fault stopped acting; faults that overlap compose "
          "(docs/faults.md).",
          {"type", "start (s)", "end (s)", "ended by", "parameters", "source", "id"},
          {}};
  for (const nlohmann::json& f : Array(r, {"faults"})) {
    t.rows.push_back({Show(f, {"type"}), Show(f, {"start_s"}), Show(f, {"end_s"}),
                      Show(f, {"ended_by"}), FaultParametersText(f), Show(f, {"source"}),
                      Show(f, {"id"})});
  }
  if (t.rows.empty()) t.note = "No faults.";
  return t;
}

Table TimelineTable(const nlohmann::json& r) {
  Table t{"timeline", "Timeline",
          fmt::format("Buckets of {} s; an op counts in the bucket it was invoked in.",
                      Show(r, {"timeline_bucket_s"})),
          {"t (s)", "gets", "gets ok", "get availability", "get p99 (ms)", "puts", "puts ok",
           "put availability", "put p99 (ms)", "stale fraction", "messages"},
          {}};
  for (const nlohmann::json& b : Array(r, {"timeline"})) {
    t.rows.push_back({Show(b, {"t_s"}), Show(b, {"gets"}), Show(b, {"gets_succeeded"}),
                      Show(b, {"get_availability"}), Show(b, {"get_p99_ms"}), Show(b, {"puts"}),
                      Show(b, {"puts_succeeded"}), Show(b, {"put_availability"}),
                      Show(b, {"put_p99_ms"}), Show(b, {"stale_fraction"}), Show(b, {"messages"})});
  }
  return t;
}

}  // namespace

std::string ProvenanceText(const nlohmann::json& report) {
  if (Find(report, {"tool"}) == nullptr) return "unknown (report.json has no tool)";
  return fmt::format("{} {}, commit {}", Text(report, {"tool", "name"}),
                     Text(report, {"tool", "version"}), Text(report, {"tool", "commit"}));
}

std::string Verdict(const nlohmann::json& report) {
  const nlohmann::json* passed = Find(report, {"passed"});
  if (passed == nullptr || !passed->is_boolean()) return "-";
  return passed->get<bool>() ? "PASSED" : "FAILED";
}

std::vector<Table> ReportTables(const nlohmann::json& r) {
  std::vector<Table> tables = {RunTable(r),
          ChecksTable(r),
          OpsTable(r),
          OutagesTable(r),
          RecoveryTable(r),
          ConsistencyTable(r),
          TVisibilityTable(r),
          HistogramTable(r, "siblings_histogram", "versions", "Versions per get", "versions"),
          HistogramTable(r, "k_staleness", "k-staleness", "k-staleness (puts missed per get)",
                         "k"),
          ObjectTable(r, "repair", "repair", "Repair"),
          MessagesTable(r),
          MechanismTable(r),
          NodeLoadTable(r),
          FaultsTable(r),
          TimelineTable(r),
          ResolvedScenarioTable(r)};
  // Only when the scenario chose t values, so other reports keep their tables.
  Table at = TVisibilityAtTable(r);
  if (!at.rows.empty()) {
    const auto after = std::find_if(tables.begin(), tables.end(),
                                    [](const Table& table) { return table.id == "t-visibility"; });
    tables.insert(after == tables.end() ? after : after + 1, std::move(at));
  }
  return tables;
}

}  // namespace sim::report
