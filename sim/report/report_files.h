// Writing a run's report files into a directory: report.json (optional: `report` re-renders from
// an existing one), report.md and report.html. Everything is rendered in memory first, then each
// file is written through WriteFileAtomically, so a failure never leaves a half-written file
// (a file is the old one or the new one).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace sim::report {

// Creates `dir` if needed and writes the files. `write_json`: also write report.json (2-space
// indented, newline-terminated). On failure returns an error naming the path.
absl::Status WriteReportFiles(const std::string& dir, const nlohmann::json& report,
                              bool write_json);

}  // namespace sim::report
