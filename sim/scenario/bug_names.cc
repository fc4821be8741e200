#include "sim/scenario/bug_names.h"

#include <algorithm>
#include <set>

#include "dynamo/bugs.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"

namespace sim::scenario {

const std::vector<std::string_view>& KnownBugNames() {
  static const auto* const names = [] {
    auto* list = new std::vector<std::string_view>;
    for (const dynamo::BugInfo& bug : dynamo::kBugRegistry) list->push_back(bug.name);
    return list;
  }();
  return *names;
}

std::optional<BugNameError> ValidateBugNames(const std::vector<std::string>& names) {
  const std::vector<std::string_view>& known = KnownBugNames();
  std::set<std::string_view> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    if (name.empty()) return BugNameError{i, "a bug name must not be empty"};
    if (!seen.insert(name).second) {
      return BugNameError{i, Concat("\"", name, "\" is listed twice")};
    }
    const bool registry_empty = known.empty();
    if (!registry_empty && std::find(known.begin(), known.end(), name) == known.end()) {
      std::string hint = DidYouMeanSuffix(name, known);
      if (hint.empty()) hint = Concat(" (known: ", Join(known, ", "), ")");
      return BugNameError{i, Concat("unknown bug \"", name, "\"", hint)};
    }
  }
  return std::nullopt;
}

}  // namespace sim::scenario
