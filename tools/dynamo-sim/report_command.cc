// dynamo-sim report DIR... [--out DIR]
// Re-renders reports from report.json files written by `run --out`, without running anything.
//  - One DIR: writes DIR/report.md and DIR/report.html from DIR/report.json (into --out DIR
//    instead when given). Prints the paths written.
//  - Several DIRs: compares them, the first as baseline (sim/report/report_compare.h): prints
//    the comparison as Markdown on stdout and writes comparison.html into the first DIR (or
//    --out DIR).
// Every report.json is read and parsed before anything is written: a missing directory or file,
// or a file that is not a JSON object, exits 2 with a message naming it, and nothing is written.
// Exit 0 otherwise (whatever the reports' own verdicts).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "nlohmann/json.hpp"
#include "sim/report/atomic_file.h"
#include "sim/report/report_compare.h"
#include "sim/report/report_files.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {
namespace {

// Reads and parses DIR/report.json; on failure sets *error and returns false.
bool LoadReport(const std::string& dir, nlohmann::json* report, std::string* error) {
  const std::string path = dir + "/report.json";
  if (!std::filesystem::is_directory(dir)) {
    *error = dir + ": not a directory";
    return false;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    *error = path + ": cannot read (run `dynamo-sim run SCENARIO --out " + dir + "` first)";
    return false;
  }
  std::stringstream text;
  text << file.rdbuf();
  *report = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (report->is_discarded() || !report->is_object()) {
    *error = path + ": not a valid report (expected a JSON object)";
    return false;
  }
  return true;
}

int Fail(const std::string& message) {
  std::cerr << "dynamo-sim report: " << message << "\n";
  return kExitBadInput;
}

}  // namespace

int ReportCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, {{.name = "out", .takes_value = true}});
  if (!parsed.ok()) return UsageError("report", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("report");
  if (parsed->positional.empty()) return UsageError("report", "needs at least one DIR");
  const std::vector<std::string>& dirs = parsed->positional;
  std::vector<nlohmann::json> reports(dirs.size());
  for (size_t i = 0; i < dirs.size(); ++i) {
    std::string error;
    if (!LoadReport(dirs[i], &reports[i], &error)) return Fail(error);
  }
  const std::string out_dir = parsed->Has("out") ? parsed->Values("out").front() : dirs.front();
  if (dirs.size() == 1) {
    if (absl::Status written = report::WriteReportFiles(out_dir, reports.front(), false);
        !written.ok()) {
      return Fail(std::string(written.message()));
    }
    std::cout << "wrote " << out_dir << "/report.md and " << out_dir << "/report.html\n";
    return kExitOk;
  }
  const std::string markdown = report::RenderComparisonMarkdown(dirs, reports);
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return Fail("cannot create " + out_dir + ": " + error.message());
  if (absl::Status written = WriteFileAtomically(out_dir + "/comparison.html",
                                                 report::RenderComparisonHtml(dirs, reports));
      !written.ok()) {
    return Fail(std::string(written.message()));
  }
  std::cout << markdown << "\nwrote " << out_dir << "/comparison.html\n";
  return kExitOk;
}

}  // namespace sim::cli
