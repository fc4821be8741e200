// The --out file of `sweep`, written line by line as each seed's turn comes (flushed), so an
// interrupted sweep keeps every seed that finished. With --resume the lines already in the file
// are read back (validated like `merge` reads them), their seeds are skipped, and new lines are
// appended; a last line cut short by the interruption is dropped first.
#pragma once

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

class SweepOutFile {
 public:
  // Opens `path`: truncated, or with `resume` read back and opened for appending (a missing
  // file is then simply empty). Errors name the path (and line) and leave the file unchanged.
  static absl::StatusOr<SweepOutFile> Open(const std::string& path, bool resume);
  SweepOutFile(SweepOutFile&& other) noexcept;
  SweepOutFile& operator=(SweepOutFile&&) = delete;
  ~SweepOutFile();

  // The lines found in the file when resuming, in file order, and their seeds.
  const std::vector<SweepLine>& resumed() const { return resumed_; }
  bool Done(uint64_t seed) const { return done_.contains(seed); }

  // Appends `text` (one line, with its newline) and flushes it.
  absl::Status Append(const std::string& text);

 private:
  SweepOutFile(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  std::FILE* file_;
  std::vector<SweepLine> resumed_;
  std::set<uint64_t> done_;
};

}  // namespace sim::cli
