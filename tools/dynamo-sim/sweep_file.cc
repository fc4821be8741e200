#include "tools/dynamo-sim/sweep_file.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace sim::cli {
namespace {

// A sweep line is a few hundred bytes; its check details keep it far below this.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

}  // namespace

absl::Status ReadSweepFile(const std::string& path,
                           absl::btree_map<uint64_t, SweepFileLine>& merged) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::NotFoundError(fmt::format("{}: no such file", path));
  }
  std::ifstream file(path, std::ios::binary);
  std::string text;
  for (int number = 1; std::getline(file, text); ++number) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) continue;
    const std::string where = fmt::format("{}:{}", path, number);
    if (text.size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: {} bytes long: not a sweep line (at most {} KiB)", where, text.size(),
          kMaxLineBytes >> 10));
    }
    absl::StatusOr<SweepLine> line = ParseSweepLine(text, where);
    if (!line.ok()) return line.status();
    if (!merged.empty() && merged.begin()->second.line.scenario != line->scenario) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: scenario \"{}\", but {} is of scenario \"{}\"", where, line->scenario,
          merged.begin()->second.where, merged.begin()->second.line.scenario));
    }
    const auto [found, inserted] = merged.try_emplace(line->seed, SweepFileLine{*line, text, where});
    if (!inserted && found->second.line.digest != line->digest) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: seed {} has digest {}, but {} gives it digest {}: these files come from "
          "different scenarios, overrides or binaries",
          where, line->seed, line->digest, found->second.where, found->second.line.digest));
    }
  }
  if (file.bad()) return absl::InvalidArgumentError(fmt::format("{}: cannot be read", path));
  return absl::OkStatus();
}

}  // namespace sim::cli
