// A fault window's parameters (report.json, fault_json.h) as one line of text for the report
// tables: "groups {n1, n2, c1} | {n3, n4, n5}", "from n1; to n2, n3", "nodes n2; extra
// uniform(min 20ms, max 200ms)", "rate 0.1 (every message)", "nodes n1; offset -3 s". Built from
// report.json alone and tolerant of a report that lacks them ("-").
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace sim::report {

std::string FaultParametersText(const nlohmann::json& fault);

}  // namespace sim::report
