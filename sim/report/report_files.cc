#include "sim/report/report_files.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/report/atomic_file.h"
#include "sim/report/report_html.h"
#include "sim/report/report_markdown.h"

namespace sim::report {

absl::Status WriteReportFiles(const std::string& dir, const nlohmann::json& report,
                              bool write_json) {
  std::vector<std::pair<std::string, std::string>> files;  // name, contents
  if (write_json) files.emplace_back("report.json", report.dump(2) + "\n");
  files.emplace_back("report.md", RenderMarkdown(report));
  files.emplace_back("report.html", RenderHtml(report));
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", error.message()));
  for (const auto& [name, contents] : files) {
    if (absl::Status written = WriteFileAtomically(dir + "/" + name, contents); !written.ok()) {
      return written;
    }
  }
  return absl::OkStatus();
}

}  // namespace sim::report
