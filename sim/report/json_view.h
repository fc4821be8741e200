// Tolerant reads of a report.json object for the renderers: a report written by an older build
// (or edited by hand) may lack keys or hold other types; renderers then show "-" or skip a
// section instead of throwing. Paths are key sequences: Number(report, {"ops", "get",
// "availability"}).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace sim::report {

// The value at `path`, or nullptr if a key is missing or a step is not an object.
const nlohmann::json* Find(const nlohmann::json& root, std::initializer_list<std::string_view> path);

// The number at `path`, or `fallback`.
double Number(const nlohmann::json& root, std::initializer_list<std::string_view> path,
              double fallback = 0);
// The string at `path`, or `fallback`.
std::string Text(const nlohmann::json& root, std::initializer_list<std::string_view> path,
                 std::string_view fallback = "-");
// The array at `path`, or an empty array.
const nlohmann::json& Array(const nlohmann::json& root, std::initializer_list<std::string_view> path);

// A value as report text: numbers with up to 6 significant decimals ("0.961234", "12", "1.5"),
// booleans as "yes"/"no", strings as is, null or absent as "-".
std::string Show(const nlohmann::json* value);
std::string Show(const nlohmann::json& root, std::initializer_list<std::string_view> path);

}  // namespace sim::report
