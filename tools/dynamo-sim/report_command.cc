// dynamo-sim report DIR... [--out DIR]
// dynamo-sim report SWEEP.jsonl [--out DIR]
// Re-renders reports from report.json files written by `run --out`, without running anything.
//  - SWEEP.jsonl (a file `sweep --out` or `merge --out` wrote): writes one HTML page across its
//    seeds (sweep_report_html.h) as SWEEP.html next to it, or into --out DIR.
//  - One DIR: writes DIR/report.md and DIR/report.html from DIR/report.json (into --out DIR
//    instead when given). Prints the paths written.
//  - Several DIRs: compares them, the first as baseline (sim/report/report_compare.h): prints
//    the comparison as Markdown on stdout and writes comparison.html into the first DIR (or
//    --out DIR). A DIR with no report.json of its own is a directory of runs: every immediate
//    subdirectory holding a report.json is one seed of the same scenario (`run --seed N --out
//    DIR/seed-N`, or a variant of `ablate --seeds A..B --out`), and its column shows the mean
//    and 95% interval over those seeds. The runs of one DIR must share their resolved scenario
//    (when recorded) and have distinct seeds, or the command exits 2.
// Every report.json is read and parsed before anything is written: a missing directory or file,
// or a file that is not a JSON object, exits 2 with a message naming it, and nothing is written.
// Exit 0 otherwise (whatever the reports' own verdicts).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "nlohmann/json.hpp"
#include "sim/report/atomic_file.h"
#include "sim/report/output_path.h"
#include "sim/report/report_compare.h"
#include "sim/report/report_files.h"
#include "sim/scenario/json_depth.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/sweep_file.h"
#include "tools/dynamo-sim/sweep_report_html.h"

namespace sim::cli {
namespace {

// A report.json the simulator writes is well under a megabyte; a larger file is not one, and
// reading it whole could exhaust memory.
constexpr uintmax_t kMaxReportBytes = uintmax_t{64} << 20;

// Reads and parses PATH (a report.json); on failure sets *error and returns false.
bool LoadReportFile(const std::string& path, nlohmann::json* report, std::string* error) {
  std::error_code size_error;
  const uintmax_t bytes = std::filesystem::file_size(path, size_error);
  if (!size_error && bytes > kMaxReportBytes) {
    *error = fmt::format("{}: not a valid report: {} bytes (a report.json is at most {} MiB)",
                         path, bytes, kMaxReportBytes >> 20);
    return false;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    *error = path + ": cannot read";
    return false;
  }
  std::stringstream text;
  text << file.rdbuf();
  if (const std::string too_deep = scenario::JsonDepthError(text.str()); !too_deep.empty()) {
    *error = path + ": not a valid report: " + too_deep;
    return false;
  }
  *report = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (report->is_discarded() || !report->is_object()) {
    *error = path + ": not a valid report (expected a JSON object)";
    return false;
  }
  // The keys a comparison relies on to group runs: named by path, as the scenario loader does.
  if (report->contains("scenario") && !(*report)["scenario"].is_string()) {
    *error = path + ": /scenario: not a valid report (expected a string)";
    return false;
  }
  if (report->contains("seed") && !(*report)["seed"].is_number_unsigned()) {
    *error = path + ": /seed: not a valid report (expected an unsigned integer)";
    return false;
  }
  return true;
}

// report[key], or null when absent.
nlohmann::json Field(const nlohmann::json& report, const char* key) {
  return report.contains(key) ? report[key] : nlohmann::json();
}

// Checks that the runs of a directory of runs are one scenario at distinct seeds.
bool CheckSameScenario(const std::string& dir, const report::ReportGroup& group,
                       std::string* error) {
  std::set<std::string> seeds;
  for (const nlohmann::json& run : group) {
    const std::string seed = Field(run, "seed").dump();
    if (!seeds.insert(seed).second) {
      *error = dir + ": two runs have seed " + seed + " (a directory of runs holds one run per seed)";
      return false;
    }
    if (Field(run, "resolved_scenario") != Field(group.front(), "resolved_scenario") ||
        Field(run, "scenario") != Field(group.front(), "scenario")) {
      *error = dir + ": its runs are not all the same scenario (a directory of runs holds one "
               "scenario at several seeds; compare different scenarios as separate DIRs)";
      return false;
    }
  }
  return true;
}

// DIR/report.json as a group of one, or, when DIR has none, every DIR/*/report.json (in name
// order). On failure sets *error and returns false.
bool LoadReportGroup(const std::string& dir, report::ReportGroup* group, std::string* error) {
  if (!std::filesystem::is_directory(dir)) {
    *error = dir + ": not a directory";
    return false;
  }
  const std::string own = dir + "/report.json";
  if (std::filesystem::exists(own)) {
    group->resize(1);
    return LoadReportFile(own, &group->front(), error);
  }
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string path = entry.path().string() + "/report.json";
    if (entry.is_directory() && std::filesystem::exists(path)) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    *error = dir + ": no report.json in it or in any subdirectory (run `dynamo-sim run SCENARIO "
             "--out " + dir + "` first)";
    return false;
  }
  group->resize(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!LoadReportFile(paths[i], &(*group)[i], error)) return false;
  }
  return CheckSameScenario(dir, *group, error);
}

int Fail(const std::string& message) {
  std::cerr << "dynamo-sim report: " << message << "\n";
  return kExitBadInput;
}

// `report SWEEP.jsonl [--out DIR]`: the sweep's page across seeds (sweep_report_html.h), written
// next to the file (sweep.jsonl -> sweep.html) or into DIR.
int SweepReport(const std::string& path, const ParsedArgs& parsed) {
  absl::btree_map<uint64_t, SweepFileLine> read;
  if (absl::Status status = ReadSweepFile(path, read); !status.ok()) {
    return Fail(std::string(status.message()));
  }
  if (read.empty()) return Fail(path + ": no lines (a sweep's JSON lines file was expected)");
  std::vector<SweepLine> lines;
  for (const auto& [seed, entry] : read) lines.push_back(entry.line);
  const std::filesystem::path source(path);
  const std::string name = source.stem().string() + ".html";
  std::string out_path = (source.parent_path() / name).string();
  if (parsed.Has("out")) {
    const std::string out_dir = parsed.Values("out").front();
    std::error_code error;
    std::filesystem::create_directories(out_dir, error);
    if (error) return Fail("cannot create " + out_dir + ": " + error.message());
    out_path = (std::filesystem::path(out_dir) / name).string();
  }
  if (absl::Status written = WriteFileAtomically(out_path, RenderSweepReportHtml(lines, path));
      !written.ok()) {
    return Fail(std::string(written.message()));
  }
  std::cout << "wrote " << out_path << "\n";
  return kExitOk;
}

}  // namespace

int ReportCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("report"));
  if (!parsed.ok()) return UsageError("report", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("report");
  if (parsed->positional.empty()) return UsageError("report", "needs at least one DIR");
  if (parsed->Has("out")) {
    if (absl::Status checked = CheckOutputDirectory("--out", parsed->Values("out").front());
        !checked.ok()) {
      return UsageError("report", std::string(checked.message()));
    }
  }
  if (parsed->positional.size() == 1 && parsed->positional.front().ends_with(".jsonl")) {
    return SweepReport(parsed->positional.front(), *parsed);
  }
  const std::vector<std::string>& dirs = parsed->positional;
  std::vector<report::ReportGroup> groups(dirs.size());
  for (size_t i = 0; i < dirs.size(); ++i) {
    std::string error;
    if (!LoadReportGroup(dirs[i], &groups[i], &error)) return Fail(error);
  }
  const std::string out_dir = parsed->Has("out") ? parsed->Values("out").front() : dirs.front();
  if (dirs.size() == 1) {
    if (groups.front().size() != 1) {
      return Fail(dirs.front() + ": has no report.json of its own to re-render (a directory of "
                  "runs is compared with another DIR, not re-rendered)");
    }
    if (absl::Status written = report::WriteReportFiles(out_dir, groups.front().front(), false);
        !written.ok()) {
      return Fail(std::string(written.message()));
    }
    std::cout << "wrote " << out_dir << "/report.md and " << out_dir << "/report.html\n";
    return kExitOk;
  }
  const std::string markdown = report::RenderComparisonMarkdown(dirs, groups);
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return Fail("cannot create " + out_dir + ": " + error.message());
  if (absl::Status written = WriteFileAtomically(out_dir + "/comparison.html",
                                                 report::RenderComparisonHtml(dirs, groups));
      !written.ok()) {
    return Fail(std::string(written.message()));
  }
  std::cout << markdown << "\nwrote " << out_dir << "/comparison.html\n";
  return kExitOk;
}

}  // namespace sim::cli
