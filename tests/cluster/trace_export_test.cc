// `dynamo-sim run --trace/--perfetto/--history` end to end: the Perfetto file is well-formed
// trace-event JSON, the key and time filters keep exactly the matching events, the digest never
// depends on what is traced, and bad flags exit 2 with nothing written.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::TempPath;

const std::string kQuickstart = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";

CliResult RunQuickstart(std::vector<std::string> extra) {
  std::vector<std::string> args = {"run",         kQuickstart, "--quiet",   "--set",
                                   "duration=1s", "--set",     "quiesce=1s"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCli(args);
}

std::string Digest(const CliResult& result) {
  std::smatch match;
  static const std::regex kDigestLine("digest: ([0-9a-f]{16})");
  return std::regex_search(result.out, match, kDigestLine) ? match[1].str() : "";
}

std::vector<nlohmann::json> JsonLines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(TraceExportTest, WritesThreeOutputsAndPerfettoIsWellFormedTraceEventJson) {
  const std::string perfetto = TempPath("perfetto") + ".json";
  const std::string history = TempPath("history") + ".edn";
  const std::string trace = TempPath("trace") + ".jsonl";
  const CliResult plain = RunQuickstart({});
  const CliResult traced =
      RunQuickstart({"--perfetto", perfetto, "--history", history, "--trace", trace});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(Digest(traced), Digest(plain));
  EXPECT_EQ(Digest(plain).size(), 16u);

  const nlohmann::json document = nlohmann::json::parse(ReadFile(perfetto));
  EXPECT_EQ(document["displayTimeUnit"], "ms");
  std::map<uint64_t, int> flow_starts, flow_ends;
  std::set<std::string> track_names;
  std::map<std::string, int> ops;
  for (const nlohmann::json& event : document["traceEvents"]) {
    for (const char* field : {"name", "ph", "ts", "pid", "tid"}) {
      ASSERT_TRUE(event.contains(field)) << field << " missing in " << event.dump();
    }
    const std::string ph = event["ph"];
    if (ph == "X") {
      ASSERT_TRUE(event.contains("dur")) << event.dump();
      EXPECT_GE(event["dur"].get<int64_t>(), 0);
    }
    if (ph == "s") ++flow_starts[event["id"].get<uint64_t>()];
    if (ph == "f") {
      ++flow_ends[event["id"].get<uint64_t>()];
      EXPECT_EQ(event["bp"], "e");
    }
    if (ph == "M" && (event["name"] == "thread_name" || event["name"] == "process_name")) {
      track_names.insert(event["args"]["name"].get<std::string>());
    }
    if (ph == "X" && event.value("cat", "") == "op") {
      ++ops[event["name"].get<std::string>()];
      EXPECT_TRUE(event["args"].contains("key") && event["args"].contains("status"));
    }
  }
  EXPECT_GT(flow_starts.size(), 1000u);
  EXPECT_EQ(flow_starts, flow_ends);  // every s has exactly one f with its id, and back
  for (const auto& [id, count] : flow_starts) ASSERT_EQ(count, 1) << id;
  for (const char* name : {"nodes", "clients", "faults", "n1", "n5", "c1", "c1 net"}) {
    EXPECT_TRUE(track_names.count(name)) << name;
  }
  EXPECT_GT(ops["get"], 0);
  EXPECT_GT(ops["put"], 0);

  // The history: one invocation and one completion per op (all complete by the end).
  std::istringstream lines(ReadFile(history));
  int invokes = 0, completions = 0, index = 0;
  for (std::string line; std::getline(lines, line); ++index) {
    ASSERT_TRUE(line.starts_with("{:index " + std::to_string(index) + ", :type :")) << line;
    (line.find(":type :invoke") != std::string::npos ? invokes : completions)++;
  }
  EXPECT_EQ(invokes, ops["get"] + ops["put"]);
  EXPECT_EQ(completions, invokes);
  EXPECT_FALSE(JsonLines(trace).empty());
  for (const std::string& path : {perfetto, history, trace}) {
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp")) << path;
  }
}

TEST(TraceExportTest, KeyAndWindowFiltersKeepExactlyTheMatchingEvents) {
  const std::string full = TempPath("full") + ".jsonl";
  const std::string some = TempPath("some") + ".jsonl";
  const std::string perfetto = TempPath("some") + ".json";
  const CliResult all = RunQuickstart({"--trace", full});
  const CliResult filtered =
      RunQuickstart({"--trace", some, "--perfetto", perfetto, "--trace-key", "k12", "--trace-key",
                     "40", "--trace-from", "300ms", "--trace-until", "800ms"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_EQ(Digest(filtered), Digest(all));
  std::vector<nlohmann::json> expected;
  for (const nlohmann::json& event : JsonLines(full)) {
    const int64_t t_us = event["t_us"];
    if (event.contains("key") && (event["key"] == 12 || event["key"] == 40) && t_us >= 300000 &&
        t_us < 800000) {
      expected.push_back(event);
    }
  }
  EXPECT_GT(expected.size(), 10u);
  EXPECT_EQ(JsonLines(some), expected);

  const nlohmann::json document = nlohmann::json::parse(ReadFile(perfetto));
  int ops = 0;
  for (const nlohmann::json& event : document["traceEvents"]) {
    if (event["ph"] == "M" || event.value("cat", "") == "fault") continue;
    if (event["ph"] != "s" && event["ph"] != "f") {
      const int key = event["args"]["key"];
      EXPECT_TRUE(key == 12 || key == 40) << event.dump();
    }
    const int64_t ts = event["ts"];
    if (event.value("cat", "") == "op") {
      ++ops;
      EXPECT_GE(ts + event["dur"].get<int64_t>(), 300000);  // ops overlapping the window
      EXPECT_LT(ts, 800000);
    } else if (event["ph"] != "s") {  // a flow starts at its send, which may precede the window
      EXPECT_GE(ts, 300000);
      EXPECT_LT(ts, 800000);
    }
  }
  EXPECT_GT(ops, 0);
}

TEST(TraceExportTest, BadFlagsExitTwoAndWriteNothing) {
  const std::string perfetto = TempPath("bad") + ".json";
  const std::string history = TempPath("bad") + ".edn";
  const std::string trace = TempPath("bad") + ".jsonl";
  const std::vector<std::string> outputs = {"--perfetto", perfetto,  "--history",
                                            history,      "--trace", trace};
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--trace-from", "garbage"}, "--trace-from"},
      {{"--trace-until", "10"}, "--trace-until"},
      {{"--trace-from", "2s", "--trace-until", "1s"}, "--trace-from must be before"},
      {{"--trace-key", "k"}, "--trace-key"},
      {{"--trace-key", "k1000"}, "keys are 0..999"},
  };
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> args = outputs;
    args.insert(args.end(), flags.begin(), flags.end());
    const CliResult result = RunQuickstart(args);
    EXPECT_EQ(result.exit_code, 2) << flags.front();
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    for (const std::string& path : {perfetto, history, trace}) {
      EXPECT_FALSE(std::filesystem::exists(path)) << path;
      EXPECT_FALSE(std::filesystem::exists(path + ".tmp")) << path;
    }
  }
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// Joining nodes take the process ids after the initial nodes, before the clients: the trace
// names them by their scenario names and the clients stay c1.., as the cluster numbers them.
TEST(TraceExportTest, NamesJoinedNodesAndClientsByProcessOrder) {
  const std::string trace = scenario::test_util::TempPath("join-trace") + ".jsonl";
  const std::string path = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/membership-churn.json";
  const scenario::test_util::CliResult result = scenario::test_util::RunCli(
      {"run", path, "--quiet", "--set", "duration=20s", "--set", "quiesce=2s", "--set",
       "faults=[{\"at\":\"1s\",\"type\":\"join\",\"nodes\":[\"n7\"]}]", "--trace", trace,
       "--trace-from", "1s", "--trace-until", "3s"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::set<std::string> actors;
  std::ifstream file(trace);
  for (std::string line; std::getline(file, line);) {
    actors.insert(nlohmann::json::parse(line).value("actor", ""));
  }
  EXPECT_TRUE(actors.contains("n7"));
  EXPECT_TRUE(actors.contains("c1"));
  EXPECT_TRUE(actors.contains("c8"));
  EXPECT_FALSE(actors.contains("c9"));
}

}  // namespace
}  // namespace sim
