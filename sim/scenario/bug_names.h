// The registry of deliberate protocol defects (`bugs` in scenario files). Each name switches on
// one documented misbehaviour in the node logic, so the checkers can be shown to catch it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::scenario {

// The bug names the node logic implements (dynamo/bugs.h, kBugRegistry), in its order.
const std::vector<std::string_view>& KnownBugNames();

struct BugNameError {
  size_t index = 0;     // position in the list
  std::string message;  // without file or path
};

// Checks a `bugs` list: names must be non-empty, distinct and known (with a did-you-mean).
std::optional<BugNameError> ValidateBugNames(const std::vector<std::string>& names);

}  // namespace sim::scenario
