#include "tools/dynamo-sim/sweep_line.h"

#include <utility>

#include <fmt/format.h>

#include "nlohmann/json.hpp"
#include "sim/analysis/latency_stats.h"
#include "sim/scenario/json_depth.h"

namespace sim::cli {
namespace {

using Json = nlohmann::ordered_json;

absl::Status Bad(const std::string& label, std::string_view key, std::string_view expected) {
  return absl::InvalidArgumentError(
      fmt::format("{}: /{}: expected {}", label, key, expected));
}

// Reads json[key] as T when its JSON type passes `is_type`; else an error naming the key.
template <typename T, typename IsType>
absl::Status Read(const nlohmann::json& json, const char* key, const std::string& label,
                  std::string_view expected, IsType is_type, T& out) {
  const auto found = json.find(key);
  if (found == json.end() || !is_type(*found)) return Bad(label, key, expected);
  out = found->get<T>();
  return absl::OkStatus();
}

bool IsNumber(const nlohmann::json& value) { return value.is_number(); }
bool IsBool(const nlohmann::json& value) { return value.is_boolean(); }
bool IsString(const nlohmann::json& value) { return value.is_string(); }
bool IsUnsigned(const nlohmann::json& value) { return value.is_number_unsigned(); }

absl::Status ReadChecks(const nlohmann::json& json, const std::string& label,
                        std::vector<CheckResult>& checks) {
  const auto found = json.find("checks");
  if (found == json.end() || !found->is_array()) return Bad(label, "checks", "an array");
  for (size_t i = 0; i < found->size(); ++i) {
    const nlohmann::json& item = (*found)[i];
    const std::string item_label = fmt::format("{}: /checks/{}", label, i);
    if (!item.is_object()) return absl::InvalidArgumentError(item_label + ": expected an object");
    CheckResult check;
    for (absl::Status status :
         {Read(item, "name", item_label, "a string", IsString, check.name),
          Read(item, "passed", item_label, "true or false", IsBool, check.passed),
          Read(item, "detail", item_label, "a string", IsString, check.detail)}) {
      if (!status.ok()) return status;
    }
    checks.push_back(std::move(check));
  }
  return absl::OkStatus();
}

bool IsDigest(const std::string& text) {
  if (text.size() != 16) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> SweepLine::FailedChecks() const {
  std::vector<std::string> names;
  for (const CheckResult& check : checks) {
    if (!check.passed) names.push_back(check.name);
  }
  return names;
}

SweepLine MakeSweepLine(const RunResult& result, const RunSummary& summary,
                        std::string reproduce) {
  SweepLine line;
  line.scenario = result.scenario;
  line.seed = result.seed;
  line.digest = result.digest;
  line.passed = summary.passed;
  line.checks = summary.checks;
  line.get_availability = summary.ops.get.availability;
  line.put_availability = summary.ops.put.availability;
  line.get_p50_ms = UsToMs(summary.ops.get.latency.p50_us);
  line.get_p99_ms = UsToMs(summary.ops.get.latency.p99_us);
  line.put_p50_ms = UsToMs(summary.ops.put.latency.p50_us);
  line.put_p99_ms = UsToMs(summary.ops.put.latency.p99_us);
  line.stale_read_fraction = summary.staleness.stale_read_fraction;
  line.lost_writes = summary.lost_writes.lost_writes;
  if (summary.lost_writes.removes) line.resurrected_items = summary.lost_writes.resurrected_items;
  line.converged = result.convergence.converged;
  line.reproduce = std::move(reproduce);
  return line;
}

std::string SweepLineToJson(const SweepLine& line) {
  Json checks = Json::array();
  for (const CheckResult& check : line.checks) {
    checks.push_back(Json{{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  }
  Json json = {{"scenario", line.scenario},
                     {"seed", line.seed},
                     {"digest", line.digest},
                     {"passed", line.passed},
                     {"failed_checks", line.FailedChecks()},
                     {"checks", std::move(checks)},
                     {"get_availability", line.get_availability},
                     {"put_availability", line.put_availability},
                     {"get_p50_ms", line.get_p50_ms},
                     {"get_p99_ms", line.get_p99_ms},
                     {"put_p50_ms", line.put_p50_ms},
                     {"put_p99_ms", line.put_p99_ms},
                     {"stale_read_fraction", line.stale_read_fraction},
                     {"lost_writes", line.lost_writes}};
  if (line.resurrected_items.has_value()) json["resurrected_items"] = *line.resurrected_items;
  json["converged"] = line.converged;
  json["reproduce"] = line.reproduce;
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<SweepLine> ParseSweepLine(const std::string& text, const std::string& label) {
  if (const std::string too_deep = scenario::JsonDepthError(text); !too_deep.empty()) {
    return absl::InvalidArgumentError(label + ": " + too_deep);
  }
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError(label + ": not a JSON object");
  }
  SweepLine line;
  for (absl::Status status : {
           Read(json, "scenario", label, "a string", IsString, line.scenario),
           Read(json, "seed", label, "an unsigned integer", IsUnsigned, line.seed),
           Read(json, "digest", label, "16 hex digits", IsString, line.digest),
           Read(json, "passed", label, "true or false", IsBool, line.passed),
           ReadChecks(json, label, line.checks),
           Read(json, "get_availability", label, "a number", IsNumber, line.get_availability),
           Read(json, "put_availability", label, "a number", IsNumber, line.put_availability),
           Read(json, "get_p50_ms", label, "a number", IsNumber, line.get_p50_ms),
           Read(json, "get_p99_ms", label, "a number", IsNumber, line.get_p99_ms),
           Read(json, "put_p50_ms", label, "a number", IsNumber, line.put_p50_ms),
           Read(json, "put_p99_ms", label, "a number", IsNumber, line.put_p99_ms),
           Read(json, "stale_read_fraction", label, "a number", IsNumber,
                line.stale_read_fraction),
           Read(json, "lost_writes", label, "an unsigned integer", IsUnsigned, line.lost_writes),
           Read(json, "converged", label, "true or false", IsBool, line.converged),
           Read(json, "reproduce", label, "a string", IsString, line.reproduce)}) {
    if (!status.ok()) return status;
  }
  if (json.contains("resurrected_items")) {  // only lines of runs with cart removes
    uint64_t resurrected = 0;
    if (absl::Status status = Read(json, "resurrected_items", label, "an unsigned integer",
                                   IsUnsigned, resurrected);
        !status.ok()) {
      return status;
    }
    line.resurrected_items = resurrected;
  }
  if (!IsDigest(line.digest)) return Bad(label, "digest", "16 lower-case hex digits");
  bool all_passed = true;
  for (const CheckResult& check : line.checks) all_passed = all_passed && check.passed;
  if (all_passed != line.passed) {
    return Bad(label, "passed", "true exactly when every check passed");
  }
  return line;
}

}  // namespace sim::cli
