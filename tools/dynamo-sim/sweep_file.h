// Reading the JSON lines files `sweep --out` writes, for `merge` and `report FILE.jsonl`.
#pragma once

#include <cstdint>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/status/status.h"
#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

struct SweepFileLine {
  SweepLine line;
  std::string text;   // as read, without the newline
  std::string where;  // "file:line" of its first occurrence
};

// Adds the lines of `path` to `lines` (keyed by seed). Every line is validated (sweep_line.h).
// NotFound when `path` is not a file; InvalidArgument on any bad line, on a seed already seen
// with another digest, or on another scenario's line.
absl::Status ReadSweepFile(const std::string& path,
                           absl::btree_map<uint64_t, SweepFileLine>& lines);

}  // namespace sim::cli
