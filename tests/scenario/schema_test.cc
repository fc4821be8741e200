// docs/scenario.schema.json: uses only keywords the test validator checks, accepts every shipped
// scenario and its explain output, rejects what the loader rejects for the reasons a schema can
// see, and lists exactly the keys, enums and names the loader accepts (scenario_keys.h).
#include <set>
#include <string>
#include <vector>

#include "dynamo/message_kind_names.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/bug_names.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/scenario_names.h"
#include "tests/scenario/json_schema_subset.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::schema_subset::UnsupportedKeywords;
using ::sim::scenario::schema_subset::Validator;
using ::sim::scenario::test_util::Explain;
using ::sim::scenario::test_util::FilesIn;
using ::sim::scenario::test_util::Parse;
using ::sim::scenario::test_util::ReadFile;
using ::sim::scenario::test_util::SourcePath;
using Json = nlohmann::json;

const Json& Schema() {
  static const auto* const schema =
      new Json(Json::parse(ReadFile(SourcePath("docs/scenario.schema.json"))));
  return *schema;
}

Json ShippedScenario(const std::string& name) {
  return Json::parse(ReadFile(SourcePath("scenarios/" + name)));
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(ScenarioSchemaTest, UsesOnlyKeywordsTheValidatorChecks) {
  EXPECT_EQ(Joined(UnsupportedKeywords(Schema())), "");
  EXPECT_EQ(Schema().at("$schema"), "https://json-schema.org/draft/2020-12/schema");
}

TEST(ScenarioSchemaTest, ValidatorFailsOnKeywordsItDoesNotSupport) {
  const Json schema = Json::parse(R"({"type": "object", "patternProperties": {"^x": false}})");
  EXPECT_EQ(UnsupportedKeywords(schema).size(), 1u);
  EXPECT_FALSE(Validator(schema).Validate(Json::parse(R"({"x": 1})")).empty());
  const Json nested = Json::parse(R"({"properties": {"a": {"if": {"type": "string"}}}})");
  EXPECT_EQ(Joined(UnsupportedKeywords(nested)), "/properties/a/if: unsupported keyword\n");
}

TEST(ScenarioSchemaTest, ValidatorChecksWhatItClaims) {
  const Validator validator(Json::parse(R"({
    "type": "object", "required": ["n"], "additionalProperties": false,
    "properties": {
      "n": {"type": "integer", "minimum": 1, "maximum": 3},
      "d": {"type": "string", "pattern": "^[0-9]+s$"},
      "l": {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": true, "minItems": 1},
      "o": {"oneOf": [{"type": "boolean"}, {"const": "x"}]}
    }})"));
  EXPECT_TRUE(validator.Validate(Json::parse(R"({"n": 2, "d": "5s", "l": ["a"], "o": "x"})"))
                  .empty());
  for (const char* bad : {R"({})", R"({"n": 2.0})", R"({"n": 4})", R"({"n": 1, "m": 1})",
                          R"({"n": 1, "d": "5"})", R"({"n": 1, "l": ["a", "a"]})",
                          R"({"n": 1, "l": []})", R"({"n": 1, "l": ["c"]})",
                          R"({"n": 1, "o": "y"})"}) {
    EXPECT_FALSE(validator.Validate(Json::parse(bad)).empty()) << bad;
  }
}

TEST(ScenarioSchemaTest, EveryShippedScenarioAndItsExplainOutputValidate) {
  const Validator validator(Schema());
  const std::vector<std::string> files = FilesIn(SourcePath("scenarios"), ".json");
  ASSERT_GE(files.size(), 10u);
  for (const std::string& file : files) {
    const Json document = Json::parse(ReadFile(file));
    EXPECT_EQ(Joined(validator.Validate(document)), "") << file;
    const absl::StatusOr<Scenario> scenario = Parse(document);
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    EXPECT_EQ(Joined(validator.Validate(Json::parse(Explain(*scenario)))), "")
        << file << " (explain output)";
  }
}

// One change to scenarios/everything.json that the loader rejects at `path` and the schema must
// reject too.
struct Mutation {
  std::string what;
  std::string path;     // JSON pointer of the value replaced, added or removed
  std::string value;    // JSON text; empty = remove the member
};

TEST(ScenarioSchemaTest, RejectsWhatTheLoaderRejects) {
  const std::vector<Mutation> mutations = {
      {"misspelled key", "/cluster/replicaton", R"({"n": 3})"},
      {"misspelled top-level key", "/workloads", R"({})"},
      {"wrong type", "/cluster/nodes", R"("6")"},
      {"float for an integer", "/cluster/nodes", "6.0"},
      {"below the minimum", "/cluster/nodes", "0"},
      {"above the maximum", "/cluster/nodes", "1001"},
      {"probability above 1", "/network/drop_rate", "1.5"},
      {"merkle depth above 20", "/cluster/anti_entropy/merkle_depth", "21"},
      {"unknown enum value", "/cluster/conflict_resolution", R"("lww")"},
      {"strategy 4", "/cluster/partitioning/strategy", "4"},
      {"duration without a unit", "/duration", R"("120")"},
      {"negative duration", "/quiesce", R"("-5s")"},
      {"key the fault type does not take", "/faults/3/rate", "0.1"},
      {"until on an instantaneous fault", "/faults/1/until", R"("20s")"},
      {"unknown fault type", "/faults/1/type", R"("heals")"},
      {"unknown message kind", "/network/by_message/put_acks",
       R"({"distribution": "constant", "value": "1ms"})"},
      {"unknown distribution kind", "/storage/read_latency/distribution", R"("normal")"},
      {"distribution key of another kind", "/network/latency/mean", R"("1ms")"},
      {"nemesis cannot draw heal", "/nemesis/faults/0", R"("heal")"},
      {"key distribution by bare name", "/workload/key_distribution", R"("zipf")"},
      {"zipf without s", "/workload/key_distribution", R"({"type": "zipf"})"},
      {"stale_reads without max_fraction", "/checks/stale_reads", R"({})"},
      {"unknown bug", "/bugs", R"(["no_such_bug"])"},
      {"node named like a client", "/cluster/node_names/0", R"("c1")"},
      {"empty name", "/name", R"("")"},
      {"negative seed", "/seed", "-1"},
      {"zero rate", "/workload/rate", "0"},
      {"partition without groups", "/faults/0/groups", "[]"},
      {"missing required key", "/workload/clients", ""},
  };
  const Validator validator(Schema());
  const Json original = ShippedScenario("everything.json");
  ASSERT_TRUE(validator.Validate(original).empty());
  for (const Mutation& mutation : mutations) {
    SCOPED_TRACE(mutation.what + " at " + mutation.path);
    Json document = original;
    const Json::json_pointer pointer(mutation.path);
    if (mutation.value.empty()) {
      ASSERT_TRUE(document.contains(pointer));
      document.at(pointer.parent_pointer()).erase(pointer.back());
    } else {
      document[pointer] = Json::parse(mutation.value);
    }
    const absl::StatusOr<Scenario> loaded = Parse(document);
    ASSERT_FALSE(loaded.ok());
    const std::string message(loaded.status().message());
    const bool at_path = message.find(": " + mutation.path + ":") != std::string::npos ||
                         message.find(": " + mutation.path + "/") != std::string::npos ||
                         message.find(": " + pointer.parent_pointer().to_string() + ":") !=
                             std::string::npos;
    EXPECT_TRUE(at_path) << "the loader fails elsewhere: " << message;
    EXPECT_FALSE(validator.Validate(document).empty()) << "the schema accepts it";
  }
}

// The object at `pointer`, following $ref, and the union of a oneOf's object branches.
std::set<std::string> SchemaKeysAt(const std::string& pointer) {
  const Json& node = Schema().at(Json::json_pointer(pointer));
  if (node.contains("$ref")) return SchemaKeysAt(node["$ref"].get<std::string>().substr(1));
  std::set<std::string> keys;
  if (node.contains("properties")) {
    for (const auto& [key, value] : node["properties"].items()) keys.insert(key);
  }
  for (const Json& branch : node.value("oneOf", Json::array())) {
    const bool object_branch = branch.contains("$ref") || branch.contains("properties");
    if (!object_branch) continue;
    const std::string branch_pointer =
        branch.contains("$ref") ? branch["$ref"].get<std::string>().substr(1) : "";
    const std::set<std::string> more =
        branch_pointer.empty() ? std::set<std::string>{} : SchemaKeysAt(branch_pointer);
    keys.insert(more.begin(), more.end());
    const Json properties = branch.value("properties", Json::object());
    for (const auto& [key, value] : properties.items()) keys.insert(key);
  }
  return keys;
}

// Where the schema describes a loader object (scenario_keys.h's dotted names).
std::string SchemaPointerOf(std::string_view object) {
  if (object == "faults[]") return "/$defs/fault";
  if (object == "network.datacenters.NAME") {
    return "/properties/network/properties/datacenters/additionalProperties";
  }
  if (object == "mixture.parts[]") return "/$defs/distribution_mixture/properties/parts/items";
  const std::string kind_pointer = "/$defs/distribution_" + std::string(object);
  if (Schema().contains(Json::json_pointer(kind_pointer))) return kind_pointer;
  std::string pointer;
  size_t start = 0;
  while (start < object.size()) {
    const size_t dot = std::min(object.find('.', start), object.size());
    pointer += "/properties/" + std::string(object.substr(start, dot - start));
    start = dot + 1;
  }
  return pointer;
}

TEST(ScenarioSchemaTest, ListsExactlyTheKeysTheLoaderAccepts) {
  for (const ObjectKeys& entry : AllObjectKeys()) {
    const std::string pointer = SchemaPointerOf(entry.object);
    SCOPED_TRACE("object \"" + std::string(entry.object) + "\" at " + pointer);
    ASSERT_TRUE(Schema().contains(Json::json_pointer(pointer)));
    std::set<std::string> expected(entry.keys.begin(), entry.keys.end());
    if (pointer.rfind("/$defs/distribution_", 0) == 0 && pointer.find("/items") == std::string::npos) {
      expected.insert(std::string(kDistributionKindKey));
    }
    EXPECT_EQ(SchemaKeysAt(pointer), expected);
  }
}

std::set<std::string> EnumAt(const std::string& pointer) {
  std::set<std::string> values;
  for (const Json& value : Schema().at(Json::json_pointer(pointer))) {
    values.insert(value.get<std::string>());
  }
  return values;
}

template <typename Enum>
std::set<std::string> SpellingSet(const std::vector<EnumSpelling<Enum>>& table) {
  std::set<std::string> names;
  for (std::string_view name : AllSpellings(table)) names.insert(std::string(name));
  return names;
}

TEST(ScenarioSchemaTest, ListsExactlyTheNamesTheLoaderAccepts) {
  const std::string cluster = "/properties/cluster/properties/";
  EXPECT_EQ(EnumAt(cluster + "conflict_resolution/enum"),
            SpellingSet(ConflictResolutionSpellings()));
  EXPECT_EQ(EnumAt(cluster + "coordination/enum"), SpellingSet(CoordinationSpellings()));
  EXPECT_EQ(EnumAt(cluster + "write_coordinator/enum"), SpellingSet(WriteCoordinatorSpellings()));
  EXPECT_EQ(EnumAt("/properties/network/properties/by_message/propertyNames/enum"),
            std::set<std::string>(dynamo::kMessageKindNames.begin(),
                                  dynamo::kMessageKindNames.end()));
  EXPECT_EQ(EnumAt("/properties/bugs/items/enum"),
            std::set<std::string>(KnownBugNames().begin(), KnownBugNames().end()));
  std::set<std::string> fault_types;
  for (const Json& branch : Schema().at("/$defs/fault/oneOf"_json_pointer)) {
    const std::string target = branch.at("$ref").get<std::string>().substr(1);
    fault_types.insert(
        Schema().at(Json::json_pointer(target + "/properties/type/const")).get<std::string>());
  }
  EXPECT_EQ(fault_types, SpellingSet(FaultTypeSpellings()));
}

}  // namespace
}  // namespace sim::scenario
