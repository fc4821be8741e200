#include "sim/scenario/json_text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sim::scenario {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& text) {
  const absl::StatusOr<nlohmann::json> parsed = ParseJsonText(text, "f.json");
  EXPECT_FALSE(parsed.ok());
  return std::string(parsed.status().message());
}

TEST(ScenarioJsonTextTest, ParsesValidJson) {
  const absl::StatusOr<nlohmann::json> parsed = ParseJsonText(R"({"a": [1, {"b": 2}]})", "f");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["a"][1]["b"], 2);
}

TEST(ScenarioJsonTextTest, SyntaxErrorsGiveLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n  \"a\": 1,\n}"),
            "f.json: invalid JSON: parse error at line 3, column 1: syntax error while parsing "
            "object key - unexpected '}'; expected string literal");
  EXPECT_THAT(ErrorOf(""), HasSubstr("line 1, column 1"));
  EXPECT_THAT(ErrorOf("{} trailing"), HasSubstr("invalid JSON"));
}

TEST(ScenarioJsonTextTest, DuplicateKeysAreNamedByPointer) {
  EXPECT_EQ(ErrorOf(R"({"a": 1, "a": 2})"),
            "f.json: /a: duplicate key (JSON objects must not repeat a key)");
  EXPECT_THAT(ErrorOf(R"({"x": [1, [2], {"k": 1}, {"k": 1, "k": 2}]})"), HasSubstr("/x/3/k:"));
  EXPECT_THAT(ErrorOf(R"({"a/b": {"c~d": 1, "c~d": 1}})"), HasSubstr("/a~1b/c~0d:"));
  EXPECT_TRUE(ParseJsonText(R"([{"k": 1}, {"k": 1}])", "f").ok());
}

}  // namespace
}  // namespace sim::scenario
