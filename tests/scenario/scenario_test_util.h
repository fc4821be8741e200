// Helpers shared by the scenario loader tests (header-only: the test glob compiles *_test.cc).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/json_text.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"

namespace sim::scenario::test_util {

// The smallest valid scenario: every other key takes its default.
inline nlohmann::json MinimalScenario() {
  return nlohmann::json::parse(R"({
    "name": "minimal",
    "duration": "60s",
    "cluster": {"nodes": 5},
    "workload": {"clients": 4, "keys": 100}
  })");
}

// MinimalScenario() with `patch_text` (a JSON object) merged in (RFC 7386 merge patch).
inline nlohmann::json Patched(const std::string& patch_text) {
  nlohmann::json document = MinimalScenario();
  document.merge_patch(nlohmann::json::parse(patch_text));
  return document;
}

inline absl::StatusOr<Scenario> Parse(const nlohmann::json& document) {
  return ParseScenario(document, "test.json");
}

// What `dynamo-sim explain` prints for `scenario` (without the final newline).
inline std::string Explain(const Scenario& scenario) {
  return ScenarioToJson(scenario).dump(2, ' ', false,
                                       nlohmann::ordered_json::error_handler_t::replace);
}

// Loads explain output back and returns its explain output ("" after a failed expectation).
inline std::string ReExplain(const std::string& explained) {
  const absl::StatusOr<nlohmann::json> document = ParseJsonText(explained, "explained.json");
  EXPECT_TRUE(document.ok()) << document.status();
  if (!document.ok()) return "";
  const absl::StatusOr<Scenario> again = ParseScenario(*document, "explained.json");
  EXPECT_TRUE(again.ok()) << again.status();
  return again.ok() ? Explain(*again) : "";
}

inline std::string SourcePath(const std::string& relative) {
  return std::string(DYNAMO_SIM_SOURCE_DIR) + "/" + relative;
}

// The files in `directory` ending in `extension`, sorted by name.
inline std::vector<std::string> FilesIn(const std::string& directory,
                                        const std::string& extension) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == extension) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A file under the test temporary directory, unique to this process and call.
inline std::string TempPath(const std::string& stem) {
  static std::atomic<int> counter{0};
  return ::testing::TempDir() + "/" + stem + "_" + std::to_string(getpid()) + "_" +
         std::to_string(counter++);
}

inline std::string WriteTempFile(const std::string& stem, const std::string& text) {
  const std::string path = TempPath(stem) + ".json";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the dynamo-sim binary with `args`, capturing stdout, stderr and the exit status.
inline CliResult RunCli(const std::vector<std::string>& args) {
  const std::string out_path = TempPath("cli_out");
  const std::string err_path = TempPath("cli_err");
  std::string command = ShellQuote(DYNAMO_SIM_CLI);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  command += " >" + ShellQuote(out_path) + " 2>" + ShellQuote(err_path);
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace sim::scenario::test_util
