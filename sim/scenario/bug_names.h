// The registry of deliberate protocol defects (`bugs` in scenario files). Each name switches on
// one documented misbehaviour in the node logic, so the checkers can be shown to catch it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::scenario {

// The bug names the node logic implements, in a fixed order. Empty for now: dynamo/ adds its
// defects here as it implements them.
const std::vector<std::string_view>& KnownBugNames();

struct BugNameError {
  size_t index = 0;     // position in the list
  std::string message;  // without file or path
};

// Checks a `bugs` list: names must be non-empty and distinct, and, once KnownBugNames() is
// non-empty, known (with a did-you-mean). While the registry is empty every non-empty name is
// accepted, so scenarios can list defects before they are implemented.
std::optional<BugNameError> ValidateBugNames(const std::vector<std::string>& names);

}  // namespace sim::scenario
