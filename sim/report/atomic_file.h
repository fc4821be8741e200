// Writing result files so that an interrupted or failed run never leaves half a file behind: the
// contents go to a temporary file with a unique name next to PATH (PATH.tmp-XXXXXX, so two runs
// sharing a directory never write into one temporary), which is then renamed over PATH (atomic
// on POSIX within one file system). A reader sees the old file or the new one, never a prefix.
// A PATH that is a device or another non-regular file (`--trace /dev/null`, a FIFO) is written
// to directly and never replaced. No fsync: this protects against an interrupted process or a
// full disk, not against a power cut.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sim {

// One output file being written. The destructor removes the temporary unless Commit succeeded.
class AtomicFileWriter {
 public:
  // Creates the temporary (or opens a non-regular `path`). Errors name `path` and the reason.
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Open(const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  std::FILE* file() const { return file_; }
  // Closes the file and renames the temporary over `path`; on any write, close or rename error
  // removes the temporary and leaves `path` unchanged.
  absl::Status Commit();

 private:
  AtomicFileWriter(std::string path, std::string temporary, std::FILE* file)
      : path_(std::move(path)), temporary_(std::move(temporary)), file_(file) {}

  std::string path_;
  std::string temporary_;  // empty when writing `path_` in place (a non-regular file)
  std::FILE* file_;
};

// Writes `contents` to `path` through a unique temporary. On failure returns an error Status
// naming the path and the reason, and removes the temporary; `path` itself is then unchanged.
// Overwrites an existing regular `path`; a directory at `path` is an error.
absl::Status WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace sim
