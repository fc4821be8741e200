// Helpers for the sweep, merge and shrink CLI tests (header-only: the test glob compiles only
// *_test.cc): scenario arguments that make runs short, and reading JSON lines files.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "tests/scenario/scenario_test_util.h"

namespace sim::sweep_test {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::ShellQuote;
using scenario::test_util::TempPath;

inline const std::string kLwwSkew =
    std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/lww-clock-skew.json";
inline const std::string kQuickstart =
    std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";

// lww-clock-skew cut to 4s + 1s with a 1s partition and two slow clients: about half of the
// seeds lose a write (no_lost_writes fails), the others pass.
inline std::vector<std::string> MixedLwwArgs() {
  return {"--set", "duration=4s",
          "--set", "quiesce=1s",
          "--set", "faults.1.at=2s",
          "--set", "faults.1.until=3s",
          "--set", "workload.clients=2",
          "--set", R"(faults.1.groups=[["n1","n2","c1"],["n3","n4","n5","c2"]])",
          "--set", "workload.think_time=300ms"};
}

// quickstart cut to 2s + 1s, two clients: every seed passes, fast.
inline std::vector<std::string> ShortQuickstartArgs() {
  return {"--set", "duration=2s", "--set", "quiesce=1s", "--set", "workload.clients=2"};
}

inline std::vector<std::string> Concat(std::vector<std::string> first,
                                       const std::vector<std::string>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// The non-empty lines of `text`, each parsed as JSON (a parse error fails the test by throwing).
inline std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    lines.push_back(nlohmann::json::parse(std::string(line)));
  }
  return lines;
}

inline std::string DigestIn(const std::string& text) {
  std::smatch match;
  static const std::regex kDigestLine("digest: ([0-9a-f]{16})");
  return std::regex_search(text, match, kDigestLine) ? match[1].str() : "";
}

}  // namespace sim::sweep_test
