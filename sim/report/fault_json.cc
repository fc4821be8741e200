#include "sim/report/fault_json.h"

#include "sim/scenario/distribution_json.h"

namespace sim {
namespace {

double Seconds(TimeUs us) { return static_cast<double>(us) / static_cast<double>(kSecond); }

}  // namespace

nlohmann::json FaultParametersJson(const FaultWindow& window) {
  using scenario::FaultType;
  const scenario::Fault& fault = window.fault;
  nlohmann::json parameters = nlohmann::json::object();
  switch (fault.type) {
    case FaultType::kPartition:
      parameters["groups"] = fault.groups;
      break;
    case FaultType::kOneWay:
      parameters["from"] = fault.from;
      parameters["to"] = fault.to;
      break;
    case FaultType::kHeal:
      break;
    case FaultType::kLatency:
      parameters["nodes"] = fault.nodes;
      parameters["extra"] = nlohmann::json::parse(scenario::DistributionToJson(fault.extra).dump());
      break;
    case FaultType::kDrop:
      parameters["rate"] = fault.rate;
      if (!fault.nodes.empty()) parameters["nodes"] = fault.nodes;
      break;
    case FaultType::kClockSkew:
      parameters["nodes"] = fault.nodes;
      parameters["offset_s"] = Seconds(fault.offset_us);
      break;
    case FaultType::kCrash:
    case FaultType::kRestart:
    case FaultType::kWipe:
    case FaultType::kJoin:
    case FaultType::kLeave:
      parameters["nodes"] = fault.nodes;
      break;
  }
  return parameters;
}

nlohmann::json FaultWindowJson(const FaultWindow& window) {
  nlohmann::json json = FaultParametersJson(window);
  json["id"] = window.id;
  json["type"] = window.type;
  json["source"] = window.source;
  json["start_s"] = Seconds(window.start_us);
  json["end_s"] = Seconds(window.end_us);
  if (!window.ended_by.empty()) json["ended_by"] = window.ended_by;
  return json;
}

}  // namespace sim
