// Checks of output paths before a run starts, so a bad `--out` or `--trace` is reported at once
// (exit 2) instead of after the whole simulation. They catch what can be known in advance (an
// empty path, a file where a directory is wanted, a missing or unwritable parent); a write can
// still fail later (a full disk), and AtomicFileWriter then leaves nothing half-written.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace sim {

// OK when a file could be written at `path`: non-empty, not a directory, and either an existing
// non-regular file (a device, written in place) or in an existing, writable directory.
// Errors read "FLAG PATH: reason" (`flag` such as "--trace").
absl::Status CheckOutputFile(const std::string& flag, const std::string& path);

// OK when `dir` is, or can be created as, a writable directory: non-empty, not an existing
// non-directory, and its nearest existing ancestor is a writable directory.
absl::Status CheckOutputDirectory(const std::string& flag, const std::string& dir);

}  // namespace sim
