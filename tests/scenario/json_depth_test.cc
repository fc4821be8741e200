// Deeply nested JSON is refused before parsing (it used to overflow the stack: exit 139), and
// error messages show a bounded piece of a value, never the whole of it.
#include "sim/scenario/json_depth.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/json_text.h"
#include "sim/scenario/overrides.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using test_util::CliResult;
using test_util::ReadFile;
using test_util::RunCli;
using test_util::SourcePath;
using test_util::WriteTempFile;
using ::testing::HasSubstr;

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonDepthTest, AcceptsTheLimitAndRefusesOneMore) {
  EXPECT_EQ(JsonDepthError(Nested(kMaxJsonDepth)), "");
  EXPECT_EQ(JsonDepthError(Nested(kMaxJsonDepth + 1)),
            "nested more than 64 levels deep at line 1, column 65 (the limit of this format)");
  EXPECT_EQ(JsonDepthError("{\"a\":\n  " + Nested(kMaxJsonDepth)),
            "nested more than 64 levels deep at line 2, column 66 (the limit of this format)");
}

TEST(JsonDepthTest, BracketsInsideStringsDoNotCount) {
  const std::string brackets(1000, '[');
  EXPECT_EQ(JsonDepthError("[\"" + brackets + "\", \"\\\"" + brackets + "\"]"), "");
}

TEST(JsonDepthTest, ParseJsonTextRefusesFiftyThousandLevels) {
  // The object is level 1, so the 64th bracket of the array (column 73) is one too many.
  const absl::StatusOr<nlohmann::json> parsed =
      ParseJsonText("{\"name\": " + Nested(50000) + "}", "deep.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(std::string(parsed.status().message()),
            "deep.json: invalid JSON: nested more than 64 levels deep at line 1, column 73 (the "
            "limit of this format)");
}

TEST(JsonDepthTest, SetRefusesADeepValue) {
  nlohmann::json document = nlohmann::json::object();
  const absl::Status status = ApplyOverride(document, "name=" + Nested(50000));
  EXPECT_EQ(std::string(status.message()),
            "VALUE is nested more than 64 levels deep at line 1, column 65 (the limit of this "
            "format)");
}

TEST(JsonDepthTest, DescribeRendersABoundedPrefixOfAHugeValue) {
  nlohmann::json huge = nlohmann::json::array();
  for (int i = 0; i < 100000; ++i) huge.push_back(i);
  EXPECT_EQ(Describe(huge), "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,1...");
  EXPECT_EQ(Describe(nlohmann::json(std::string(1 << 20, 'x'))),
            "\"" + std::string(36, 'x') + "...");
  EXPECT_EQ(Describe(nlohmann::json::parse(R"({"a":[1,{"b":"c"}],"d":null})")),
            R"({"a":[1,{"b":"c"}],"d":null})");
}

TEST(JsonDepthTest, ErrorMessagesCutAHugeKey) {
  ParseErrors errors("f.json");
  errors.Fail("/" + std::string(100000, 'k'), "unknown key");
  const std::string message(errors.status().message());
  EXPECT_EQ(message, "f.json: /" + std::string(296, 'k') + "...: unknown key");
}

// The case of the issue: a fuzzed copy of everything.json with one deep array.
TEST(JsonDepthTest, ValidateAndRunExit2OnADeepArrayInAShippedScenario) {
  std::string text = ReadFile(SourcePath("scenarios/everything.json"));
  const size_t name = text.find("\"name\"");
  ASSERT_NE(name, std::string::npos);
  text.insert(name, "\"deep\": " + Nested(50000) + ", ");
  const std::string path = WriteTempFile("deep_everything", text);
  for (const char* command : {"validate", "run", "explain"}) {
    const CliResult result = RunCli({command, path});
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_THAT(result.err, HasSubstr("nested more than 64 levels deep")) << command;
    EXPECT_LT(result.err.size(), 400u) << command;
  }
}

}  // namespace
}  // namespace sim::scenario
