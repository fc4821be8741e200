// report.json (scenario-format.md, "report.json"): the machine-readable result of one run, and the
// only input of the report renderers (report_markdown.h, report_html.h), so `dynamo-sim report`
// can redraw everything from it.
//
// Keys: scenario, seed, digest, sim_time_s, wall_time_s, peak_rss_bytes, events, quiesce_start_s;
// ops.get, ops.put and (carts only) ops.add {attempted, succeeded, availability, latency_ms {p50,
// p99, p999, max}, latency_cdf_ms [{q, ms}] at fixed quantiles (latency_stats.h)};
// outages {longest_outage_s, longest_outage_start_s, worst_client, worst_client_longest_outage_s,
// unavailable_in_faults_s, fault_time_s, max_recovery_s (null when no window recovered),
// all_recovered, clients [{client, longest_outage_s, longest_outage_start_s,
// unavailable_in_faults_s}], recoveries [{fault_id, type, heal_s, state ("recovered", "not
// recovered", "not measured"), pre_fault_availability (null: no baseline), recovery_s (null
// unless recovered)}]} (sim/analysis/outages.h);
// consistency {lost_writes, acknowledged_puts, lost_puts [first 20: {key, put_op, client, item,
// acknowledged_s}], converged, convergence_time_s (null when not converged), convergence
// {reference_s, converged_at_s, sample_interval_s, samples, keys, divergence?, last_heal_s (the
// end of the last fault window when it came before quiesce, else null), after_heal_s (from it to
// the first moment under load every replica of every written key agreed; null when not reached
// before quiesce or no heal came before it), load_samples}, stale_reads,
// stale_read_fraction, k_staleness, siblings_histogram, max_siblings, t_visibility [{t_ms,
// t_end_ms (null for the open last bucket), gets, saw, probability}], t_visibility_gets,
// t_visibility_at [{t_ms, gets_at, saw_at, probability_at, gets_at_or_before, saw_at_or_before,
// probability_at_or_before, gets_at_or_after, saw_at_or_after, probability_at_or_after}] (the scenario's
// checks.t_visibility.at; probabilities null without gets), and only in runs with cart removes
// (workload.mix.remove): acknowledged_removes, removed_absent, resurrected_items, resurrected
// [first 20: {key, item, remove_op, client, remove_acknowledged_s}] (lost_writes.h)};
// repair {hints_stored, hints_delivered, read_repairs, merkle_exchanges, merkle_nodes_exchanged,
// keys_repaired}; storage {unflushed_writes_lost}; messages {sent, dropped, by_kind {kind:
// {count, bytes}}, by_mechanism {mechanism: {count, bytes}} (every mechanism of
// sim/analysis/message_mechanism.h, zeros included; "other" only for unknown kinds)};
// timeline_bucket_s; timeline [{t_s, gets, puts, gets_succeeded, puts_succeeded, get_availability,
// put_availability, get_p99_ms, put_p99_ms, stale_reads, stale_fraction, messages}]; faults
// [{id, type, source, start_s, end_s, ended_by?, and the fault's parameters} (fault_json.h)];
// node_load [{node, client_requests, forwarded, gets_coordinated,
// puts_coordinated, hints_stored, hints_delivered, hints_held, keys_repaired, keys_stored}];
// checks [{name, passed, detail}]; passed. Histogram keys are decimal strings ("1").
// What produced the run (AddScenarioProvenance): scenario_path (the file as given), overrides
// [every --set "PATH=VALUE", in order], resolved_scenario (the scenario with defaults and
// overrides applied, the JSON of `dynamo-sim explain`). `scenario` stays the scenario's name.
//
// wall_time_s and peak_rss_bytes (the `run` process's peak resident set) are the values that
// differ between runs of the same scenario and seed; wall_time_s is 0 and peak_rss_bytes absent
// when the caller did not measure them (`--no-wall-time`, `ablate`, the library), and the
// renderers then leave them out.
//
// Objects keep nlohmann::json's sorted key order and no value is NaN or infinite, so the same run
// dumps to the same text and dump -> parse -> dump is the identity.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/analysis/summary.h"
#include "sim/scenario/scenario.h"
#include "sim/run_result.h"

namespace sim {

// REQUIRES: `summary` was computed from `result`.
nlohmann::json ReportJson(const RunSummary& summary, const RunResult& result);

// Adds scenario_path, overrides and resolved_scenario to `report` (see above). `scenario` is what
// `path` with `overrides` loaded to.
void AddScenarioProvenance(const scenario::Scenario& scenario, const std::string& path,
                           const std::vector<std::string>& overrides, nlohmann::json* report);

}  // namespace sim
