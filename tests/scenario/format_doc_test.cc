// docs/scenario-format.md documents every key the loader accepts: each key of every object in
// scenario_keys.h (the lists the readers check unknown keys against) has a table row whose first
// column holds its full dotted path in backticks ("cluster.replication.n", "faults[].at",
// "lognormal.p99"), and every fault type has a row in the fault-type table.
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/scenario_names.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::ReadFile;
using ::sim::scenario::test_util::SourcePath;

// Every `code` span in the first column of the page's tables.
std::set<std::string> FirstColumnCode(const std::string& markdown) {
  std::set<std::string> spans;
  std::istringstream lines(markdown);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    const size_t end = line.find(" |", 1);
    const std::string cell = line.substr(2, end == std::string::npos ? line.size() : end - 2);
    for (size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open)) {
      const size_t close = cell.find('`', open + 1);
      if (close == std::string::npos) break;
      spans.insert(cell.substr(open + 1, close - open - 1));
      open = close + 1;
    }
  }
  return spans;
}

const std::set<std::string>& Documented() {
  static const auto* const spans =
      new std::set<std::string>(FirstColumnCode(ReadFile(SourcePath("docs/scenario-format.md"))));
  return *spans;
}

TEST(FormatDocTest, ParsesFirstColumnsOnly) {
  const std::set<std::string> spans =
      FirstColumnCode("| key | type |\n|---|---|\n| `a.b`, `a.c` | `not_me` |\ntext `nor_me`\n");
  EXPECT_EQ(spans, (std::set<std::string>{"a.b", "a.c"}));
}

TEST(FormatDocTest, EveryKeyTheLoaderAcceptsIsDocumented) {
  ASSERT_GT(Documented().size(), 50u);
  int checked = 0;
  for (const ObjectKeys& entry : AllObjectKeys()) {
    for (std::string_view key : entry.keys) {
      const std::string path =
          entry.object.empty() ? std::string(key) : std::string(entry.object) + "." + std::string(key);
      EXPECT_EQ(Documented().count(path), 1u)
          << "docs/scenario-format.md has no table row for `" << path << "`";
      ++checked;
    }
  }
  EXPECT_EQ(Documented().count(std::string(kDistributionKindKey)), 1u);
  EXPECT_GT(checked, 80);
}

TEST(FormatDocTest, EveryFaultTypeIsDocumented) {
  for (std::string_view type : AllSpellings(FaultTypeSpellings())) {
    EXPECT_EQ(Documented().count(std::string(type)), 1u)
        << "docs/scenario-format.md has no row for fault type `" << type << "`";
  }
}

}  // namespace
}  // namespace sim::scenario
