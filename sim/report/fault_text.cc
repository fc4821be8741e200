#include "sim/report/fault_text.h"

#include <vector>

#include "fmt/format.h"
#include "sim/report/json_view.h"

namespace sim::report {
namespace {

// ["n1", "n2"] -> "n1, n2"; anything else as its JSON text.
std::string Names(const nlohmann::json& names) {
  if (!names.is_array()) return Show(&names);
  std::vector<std::string> parts;
  for (const nlohmann::json& name : names) parts.push_back(Show(&name));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string Groups(const nlohmann::json& groups) {
  if (!groups.is_array()) return Show(&groups);
  std::vector<std::string> parts;
  for (const nlohmann::json& group : groups) parts.push_back("{" + Names(group) + "}");
  return fmt::format("{}", fmt::join(parts, " | "));
}

// {"distribution":"constant","value":"50ms"} -> "50ms"; other kinds as "uniform(min 20ms, max
// 200ms)", nested values (mixture parts, empirical quantiles) as their JSON text.
std::string DistributionText(const nlohmann::json& distribution) {
  if (!distribution.is_object()) return Show(&distribution);
  const std::string kind = Text(distribution, {"distribution"});
  if (kind == "constant") return Show(distribution, {"value"});
  std::vector<std::string> parts;
  // The scenario format's key order (min before max), whatever order the report keeps.
  for (const char* key : {"min", "max", "mean", "median", "p99", "scale", "shape", "parts",
                          "quantiles"}) {
    const nlohmann::json* value = Find(distribution, {key});
    if (value == nullptr) continue;
    parts.push_back(std::string(key) + " " + (value->is_structured() ? value->dump() : Show(value)));
  }
  return fmt::format("{}({})", kind, fmt::join(parts, ", "));
}

}  // namespace

std::string FaultParametersText(const nlohmann::json& fault) {
  std::vector<std::string> parts;
  if (const nlohmann::json* groups = Find(fault, {"groups"})) {
    parts.push_back("groups " + Groups(*groups));
  }
  if (const nlohmann::json* from = Find(fault, {"from"})) parts.push_back("from " + Names(*from));
  if (const nlohmann::json* to = Find(fault, {"to"})) parts.push_back("to " + Names(*to));
  if (const nlohmann::json* nodes = Find(fault, {"nodes"})) {
    parts.push_back("nodes " + Names(*nodes));
  }
  if (const nlohmann::json* extra = Find(fault, {"extra"})) {
    parts.push_back("extra " + DistributionText(*extra));
  }
  if (const nlohmann::json* rate = Find(fault, {"rate"})) {
    parts.push_back("rate " + Show(rate) + (Find(fault, {"nodes"}) ? "" : " (every message)"));
  }
  if (const nlohmann::json* offset = Find(fault, {"offset_s"})) {
    parts.push_back("offset " + Show(offset) + " s");
  }
  return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace sim::report
