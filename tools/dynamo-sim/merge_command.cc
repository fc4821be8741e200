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
#include "tools/dynamo-sim/sweep_file.h"
#include "tools/dynamo-sim/sweep_line.h"
#include "tools/dynamo-sim/sweep_summary.h"

namespace sim::cli {

int MergeCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("merge"));
  if (!parsed.ok()) return UsageError("merge", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("merge");
  if (parsed->positional.empty()) return UsageError("merge", "needs at least one FILE.jsonl");
  if (parsed->Has("out")) {
    if (absl::Status checked = CheckOutputFile("--out", parsed->Values("out").front());
        !checked.ok()) {
      return UsageError("merge", std::string(checked.message()));
    }
  }
  absl::btree_map<uint64_t, SweepFileLine> merged;
  for (const std::string& path : parsed->positional) {
    if (absl::Status read = ReadSweepFile(path, merged); !read.ok()) {
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
