#include "sim/scenario/scenario_loader.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/concat.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/json_text.h"
#include "sim/scenario/overrides.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

absl::StatusOr<std::string> ReadFileText(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return absl::NotFoundError(Concat(path, ": is a directory, not a scenario file"));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(Concat(path, ": cannot open the file"));
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return absl::NotFoundError(Concat(path, ": cannot read the file"));
  return text.str();
}

// The sections every other one depends on: name, times, cluster, workload.
void ReadCore(const ObjectReader& reader, Scenario& scenario) {
  ParseErrors& errors = reader.errors();
  if (const std::optional<JsonAt> at = reader.Required("name")) {
    scenario.name = ReadNonEmptyString(errors, *at);
  }
  scenario.description = reader.String("description", "");
  if (const std::optional<JsonAt> at = reader.Get("seed")) scenario.seed = ReadUint64(errors, *at);
  scenario.duration_us = reader.RequiredDuration("duration", DurationSign::kPositive);
  scenario.quiesce_us = reader.Duration("quiesce", scenario.quiesce_us, DurationSign::kNonNegative);
  if (const std::optional<JsonAt> at = reader.Required("cluster")) {
    scenario.cluster = ReadCluster(errors, *at);
  }
  if (const std::optional<JsonAt> at = reader.Required("workload")) {
    scenario.workload = ReadWorkload(errors, *at, scenario.duration_us, scenario.cluster);
  }
}

// Faults, nemesis, checks and bugs: read only once the core is valid, since they refer to it.
void ReadRest(const ObjectReader& reader, Scenario& scenario) {
  ParseErrors& errors = reader.errors();
  scenario.network = ReadNetwork(errors, reader.GetOrEmpty("network"));
  scenario.storage = ReadStorage(errors, reader.GetOrEmpty("storage"));
  if (const std::optional<JsonAt> at = reader.Get("faults")) {
    const FaultContext context{scenario.cluster.node_names, scenario.workload.clients,
                               scenario.duration_us, scenario.network.datacenters};
    scenario.faults = ReadFaults(errors, *at, context);
  }
  if (errors.ok()) ValidateDatacenters(errors, scenario);
  if (const std::optional<JsonAt> at = reader.Get("nemesis")) {
    scenario.nemesis = ReadNemesis(errors, *at, scenario.cluster.nodes);
  }
  scenario.checks = ReadChecks(errors, reader.GetOrEmpty("checks"));
  if (const std::optional<JsonAt> at = reader.Get("bugs")) scenario.bugs = ReadBugs(errors, *at);
}

Scenario ReadScenario(ParseErrors& errors, const nlohmann::json& document) {
  const ObjectReader reader(errors, JsonAt{&document, ""}, KeysOf(""));
  Scenario scenario;
  if (errors.ok()) ReadCore(reader, scenario);
  if (errors.ok()) ReadRest(reader, scenario);
  return scenario;
}

}  // namespace

absl::StatusOr<Scenario> ParseScenario(const nlohmann::json& document,
                                       const std::string& file_label) {
  try {
    ParseErrors errors(file_label);
    Scenario scenario = ReadScenario(errors, document);
    if (!errors.ok()) return errors.status();
    return scenario;
  } catch (const std::exception& error) {
    // Not expected: the readers check types before every access. Kept so nothing escapes.
    return absl::InternalError(Concat(file_label, ": internal error: ", error.what()));
  }
}

absl::StatusOr<Scenario> LoadScenarioFile(const std::string& path,
                                          const std::vector<std::string>& set_overrides,
                                          uint64_t memory_budget_bytes) {
  absl::StatusOr<std::string> text = ReadFileText(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<nlohmann::json> document = ParseJsonText(*text, path);
  if (!document.ok()) return document.status();
  try {
    const absl::Status applied = ApplyOverrides(*document, set_overrides, path);
    if (!applied.ok()) return applied;
  } catch (const std::exception& error) {
    return absl::InternalError(Concat(path, ": internal error in --set: ", error.what()));
  }
  absl::StatusOr<Scenario> scenario = ParseScenario(*document, path);
  if (!scenario.ok()) return scenario.status();
  if (absl::Status fits = CheckMemoryBudget(*scenario, memory_budget_bytes, path); !fits.ok()) {
    return fits;
  }
  return scenario;
}

}  // namespace sim::scenario
