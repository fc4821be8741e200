// docs/trace-export.md's table of message-kind codes (the integers of `--trace`'s
// "message_kind" fields) lists the node logic's kinds in code order.
#include <sstream>
#include <string>
#include <vector>

#include "dynamo/message_kind_names.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::ReadFile;
using ::sim::scenario::test_util::SourcePath;

TEST(TraceCodesDocTest, MessageKindCodesMatchTheNodeLogic) {
  std::istringstream lines(ReadFile(SourcePath("docs/trace-export.md")));
  std::vector<std::string> documented;
  std::string line;
  while (std::getline(lines, line)) {
    // Rows "| 12 | `merkle_root` |".
    const std::string prefix = "| " + std::to_string(documented.size()) + " | `";
    if (line.rfind(prefix, 0) != 0) continue;
    const size_t end = line.find('`', prefix.size());
    ASSERT_NE(end, std::string::npos) << line;
    documented.push_back(line.substr(prefix.size(), end - prefix.size()));
  }
  EXPECT_EQ(documented,
            std::vector<std::string>(dynamo::kMessageKindNames.begin(),
                                     dynamo::kMessageKindNames.end()));
}

}  // namespace
}  // namespace sim::scenario
