// dynamo-sim merge FILE.jsonl... [--out MERGED.jsonl]
// Combines the JSON lines files of several sweep shards (or several sweeps of one scenario) and
// prints the same end summary `sweep` prints (sweep_summary.h) for the union of their seeds.
// Every line is validated (sweep_line.h). A seed that appears twice with the same digest is kept
// once (a shard run again); with different digests the files disagree and nothing is merged.
// Lines of different scenarios are refused too. With --out, writes the lines sorted by seed,
// each as it was read (temporary file, then rename), so merging the shards of a sweep gives the
// unsharded sweep's file byte for byte.
// Exit 0 when every seed passed, 1 when one failed, 2 on bad input (nothing written).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "absl/container/btree_map.h"
#include "sim/report/atomic_file.h"
#include "sim/report/output_path.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/sweep_line.h"
#include "tools/dynamo-sim/sweep_summary.h"

namespace sim::cli {
namespace {

// A sweep line is a few hundred bytes; its check details keep it far below this.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

struct MergedLine {
  SweepLine line;
  std::string text;   // as read, without the newline
  std::string where;  // "file:line" of its first occurrence
};

// Adds the lines of `path` to `merged` (keyed by seed). InvalidArgument on any bad line, on a
// seed already seen with another digest, or on another scenario's line.
absl::Status ReadShard(const std::string& path, absl::btree_map<uint64_t, MergedLine>& merged) {
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
    const auto [found, inserted] = merged.try_emplace(line->seed, MergedLine{*line, text, where});
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

}  // namespace

int MergeCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, {{.name = "out", .takes_value = true}});
  if (!parsed.ok()) return UsageError("merge", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("merge");
  if (parsed->positional.empty()) return UsageError("merge", "needs at least one FILE.jsonl");
  if (parsed->Has("out")) {
    if (absl::Status checked = CheckOutputFile("--out", parsed->Values("out").front());
        !checked.ok()) {
      return UsageError("merge", std::string(checked.message()));
    }
  }
  absl::btree_map<uint64_t, MergedLine> merged;
  for (const std::string& path : parsed->positional) {
    if (absl::Status read = ReadShard(path, merged); !read.ok()) {
      std::cerr << "dynamo-sim merge: " << read.message() << "\n";
      return kExitBadInput;
    }
  }
  std::vector<SweepLine> lines;
  std::string jsonl;
  for (const auto& [seed, entry] : merged) {
    lines.push_back(entry.line);
    jsonl += entry.text + "\n";
  }
  if (parsed->Has("out")) {
    const std::string out_path = parsed->Values("out").front();
    if (absl::Status written = WriteFileAtomically(out_path, jsonl); !written.ok()) {
      std::cerr << "dynamo-sim merge: " << written.message() << "\n";
      return kExitBadInput;
    }
  }
  std::cout << FormatSweepSummary(lines);
  return AllSeedsPassed(lines) ? kExitOk : kExitCheckFailed;
}

}  // namespace sim::cli
