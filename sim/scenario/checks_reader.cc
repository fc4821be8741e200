// Reads the `checks` section.
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

// true, false, or {"enabled": bool (default true), "within": D}.
ConvergenceCheck ReadConvergence(ParseErrors& errors, const JsonAt& at) {
  ConvergenceCheck convergence;
  if (at.value->is_boolean()) {
    convergence.enabled = ReadBool(errors, at);
    return convergence;
  }
  if (!at.value->is_object()) {
    errors.Fail(at.path, "expected true, false or an object such as {\"within\":\"30s\"}, got " +
                             Describe(*at.value));
    return convergence;
  }
  const ObjectReader reader(errors, at, KeysOf("checks.convergence"));
  convergence.enabled = reader.Bool("enabled", true);
  if (reader.Has("within")) {
    convergence.within_us = reader.Duration("within", 0, DurationSign::kPositive);
  }
  return convergence;
}

// {"get": fraction, "put": fraction, "add": fraction, "max_outage": D, "max_recovery": D}; a
// missing member has no bound.
AvailabilityCheck ReadAvailability(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("checks.availability"));
  AvailabilityCheck availability;
  availability.get = reader.Double("get", 0, 0, 1);
  availability.put = reader.Double("put", 0, 0, 1);
  availability.add = reader.Double("add", 0, 0, 1);
  if (reader.Has("max_outage")) {
    availability.max_outage_us = reader.Duration("max_outage", 0, DurationSign::kPositive);
  }
  if (reader.Has("max_recovery")) {
    availability.max_recovery_us =
        reader.Duration("max_recovery", 0, DurationSign::kNonNegative);
  }
  return availability;
}

// {"get_p999": D, ...}: maximum latency percentiles, each > 0.
absl::btree_map<std::string, TimeUs> ReadLatency(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("checks.latency"));
  absl::btree_map<std::string, TimeUs> bounds;
  if (!at.value->is_object()) return bounds;
  for (const auto& [key, value] : at.value->items()) {
    if (!errors.ok()) break;
    bounds[key] = ReadDuration(errors, JsonAt{&value, reader.PathOf(key)}, DurationSign::kPositive);
  }
  return bounds;
}

StaleReadsCheck ReadStaleReads(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("checks.stale_reads"));
  StaleReadsCheck stale_reads;
  stale_reads.max_fraction = reader.RequiredDouble("max_fraction", 0, 1);
  return stale_reads;
}

// {"at": [D, ...]}: t values >= 0, strictly ascending.
std::vector<TimeUs> ReadTVisibility(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("checks.t_visibility"));
  const std::optional<JsonAt> list = reader.Get("at");
  if (!list) return {};
  return ReadAscendingDurations(errors, *list);
}

}  // namespace

Checks ReadChecks(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("checks"));
  Checks checks;
  checks.no_lost_writes = reader.Bool("no_lost_writes", checks.no_lost_writes);
  checks.no_resurrected_items = reader.Bool("no_resurrected_items", checks.no_resurrected_items);
  if (const std::optional<JsonAt> member = reader.Get("convergence")) {
    checks.convergence = ReadConvergence(errors, *member);
  }
  if (const std::optional<JsonAt> member = reader.Get("availability")) {
    checks.availability = ReadAvailability(errors, *member);
  }
  if (const std::optional<JsonAt> member = reader.Get("latency")) {
    checks.latency = ReadLatency(errors, *member);
  }
  if (const std::optional<JsonAt> member = reader.Get("stale_reads")) {
    checks.stale_reads = ReadStaleReads(errors, *member);
  }
  if (reader.Has("max_siblings")) {
    checks.max_siblings = static_cast<int>(reader.Int("max_siblings", 1, 1, kMaxSiblingsBound));
  }
  if (reader.Has("membership")) checks.membership = reader.Bool("membership", true);
  if (const std::optional<JsonAt> member = reader.Get("t_visibility")) {
    checks.t_visibility_at_us = ReadTVisibility(errors, *member);
  }
  return checks;
}

}  // namespace sim::scenario
